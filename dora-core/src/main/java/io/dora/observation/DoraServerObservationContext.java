package io.dora.observation;

import java.util.Map;

import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;

/**
 * What an observation of a served call knows. The carrier is the request's {@code meta}, from which tracing reads
 * the caller's trace context.
 */
public class DoraServerObservationContext extends ReceiverContext<Map<String, String>> {

	/** Meta key in which a client names the group it called. */
	public static final String GROUP_META = "dora-group";

	private final String apiName;

	private final String mapping;

	private final String guid;

	private final String mode;

	private final String transport;

	private int code;

	public DoraServerObservationContext(Map<String, String> meta, String apiName, String mapping, String guid,
			String mode, String transport) {
		super((carrier, key) -> carrier.get(key), Kind.SERVER);
		setCarrier(meta);
		this.apiName = apiName;
		this.mapping = mapping;
		this.guid = guid;
		this.mode = mode;
		this.transport = transport;
	}

	public String getApiName() {
		return this.apiName;
	}

	/** The handler's path or pattern; {@code UNKNOWN} when no handler matched. */
	public String getMapping() {
		return this.mapping;
	}

	public String getGuid() {
		return this.guid;
	}

	public String getMode() {
		return this.mode;
	}

	public String getTransport() {
		return this.transport;
	}

	public String getGroup() {
		String group = getCarrier().get(GROUP_META);
		return (group != null) ? group : "none";
	}

	public int getCode() {
		return this.code;
	}

	public void setCode(int code) {
		this.code = code;
	}

}
