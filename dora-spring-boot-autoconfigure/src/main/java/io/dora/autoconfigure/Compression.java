package io.dora.autoconfigure;

import org.springframework.util.unit.DataSize;

/**
 * Compression of the bodies one side sends: replies for {@code dora.server.compression}, requests for
 * {@code dora.client.compression}. Compressed bodies are always accepted, whatever this says.
 */
public class Compression {

	/** Whether to gzip the bodies this side sends at or above the threshold. */
	private boolean enabled;

	/** Smallest body that is compressed. */
	private DataSize threshold = DataSize.ofKilobytes(8);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public DataSize getThreshold() {
		return this.threshold;
	}

	public void setThreshold(DataSize threshold) {
		this.threshold = threshold;
	}

	/** The threshold in bytes as {@code DoraFrameWriter} takes it: -1 when compression is off. */
	int writerThreshold() {
		return this.enabled ? (int) this.threshold.toBytes() : -1;
	}

}
