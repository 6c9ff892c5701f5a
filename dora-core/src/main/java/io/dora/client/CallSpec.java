package io.dora.client;

import java.time.Duration;
import java.util.Map;

import io.dora.protocol.ApiCall;
import io.dora.protocol.CallMode;

/**
 * Everything needed to send one request.
 *
 * @param target where it goes
 * @param mode the call mode
 * @param multi whether it is a multi-API request (answered keyed)
 * @param api the entries by the caller's keys
 * @param timeout time to wait for the reply of each attempt
 * @param retries further attempts after a failed one
 * @param meta string attributes sent along
 */
record CallSpec(DoraTarget target, CallMode mode, boolean multi, Map<String, ApiCall<?>> api, Duration timeout,
		int retries, Map<String, String> meta) {

	/** The first API name, for messages. */
	String firstApiName() {
		return this.api.isEmpty() ? null : this.api.values().iterator().next().name();
	}

}
