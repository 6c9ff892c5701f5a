package io.dora.protocol;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The JSON body of a request, in the original Dora's shape:
 * {@code {"guid": "...", "type": "W_S", "api": {"one": {"name": "/module_a/abc", "param": {...}}}}}.
 *
 * @param <P> the parameter representation, see {@link ApiCall}
 * @param guid the call's guid as 32 hex characters; must equal the header guid
 * @param type the original's type string ({@code W_S}, {@code W_M}, {@code AN_S}, ...), see {@link CallMode}
 * @param api the calls, keyed by the caller's labels; single calls use the key {@code "one"}
 * @param meta optional string attributes that travel with the call, such as trace context
 */
public record RequestEnvelope<P>(String guid, String type, Map<String, ApiCall<P>> api,
		@JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> meta) {

}
