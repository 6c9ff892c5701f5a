package io.dora.observation;

import java.util.Map;

import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.SenderContext;

/**
 * What an observation of an outgoing call knows. The carrier is the request's {@code meta}, into which tracing
 * writes the trace context for the provider.
 */
public class DoraClientObservationContext extends SenderContext<Map<String, String>> {

	private final String apiName;

	private final String group;

	private final String guid;

	private final String mode;

	private int code;

	public DoraClientObservationContext(Map<String, String> meta, String apiName, String group, String guid,
			String mode) {
		super((carrier, key, value) -> carrier.put(key, value), Kind.CLIENT);
		setCarrier(meta);
		this.apiName = apiName;
		this.group = group;
		this.guid = guid;
		this.mode = mode;
	}

	public String getApiName() {
		return this.apiName;
	}

	/** The group called, or {@code none} for a fixed address. */
	public String getGroup() {
		return this.group;
	}

	public String getGuid() {
		return this.guid;
	}

	public String getMode() {
		return this.mode;
	}

	public int getCode() {
		return this.code;
	}

	public void setCode(int code) {
		this.code = code;
	}

}
