package io.dora.test;

import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty reports a leaked buffer while it ran. Registered for every test class through
 * JUnit's extension auto-detection, so the leak detector is installed before any buffer class is loaded; the
 * surefire configuration runs the tests with paranoid leak detection, which tracks every allocation.
 */
public class NoLeakedBuffers implements AfterAllCallback {

	private static final List<String> leaks = new ArrayList<>();

	static {
		ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingFactory());
	}

	@Override
	public void afterAll(ExtensionContext context) throws Exception {
		for (int i = 0; i < 3; i++) {
			System.gc();
			Thread.sleep(20);
			// Leaks are reported when the detector next tracks an allocation.
			allocateAndRelease();
		}
		List<String> found;
		synchronized (leaks) {
			found = new ArrayList<>(leaks);
			leaks.clear();
		}
		if (!found.isEmpty()) {
			throw new AssertionError(found.size() + " leaked Netty buffer(s) in " + context.getDisplayName() + ":\n"
					+ String.join("\n----\n", found));
		}
	}

	private static void allocateAndRelease() {
		for (int i = 0; i < 16; i++) {
			ByteBuf pooled = PooledByteBufAllocator.DEFAULT.directBuffer(16);
			pooled.release();
			ByteBuf unpooled = UnpooledByteBufAllocator.DEFAULT.heapBuffer(16);
			unpooled.release();
		}
	}

	private static final class RecordingFactory extends ResourceLeakDetectorFactory {

		@Override
		public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
				long maxActive) {
			return new ResourceLeakDetector<>(resource, samplingInterval) {

				@Override
				protected void reportTracedLeak(String resourceType, String records) {
					record(resourceType + " leaked:" + records);
				}

				@Override
				protected void reportUntracedLeak(String resourceType) {
					record(resourceType + " leaked (untraced)");
				}

			};
		}

		private static void record(String leak) {
			synchronized (leaks) {
				leaks.add(leak);
			}
		}

	}

}
