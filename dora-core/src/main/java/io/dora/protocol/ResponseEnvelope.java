package io.dora.protocol;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The JSON body of every reply: the dispatch level {@code {guid, code, msg, data}}. For a single call {@code data}
 * is the {@link ApiResult}; for a multi call it is a map from the caller's keys to {@link ApiResult}s; for
 * acknowledgements and errors it is {@code null}.
 *
 * @param <D> the type of the data
 * @param guid the guid of the request
 * @param code dispatch-level code, see {@link DoraCodes}
 * @param msg {@code "OK"} or what went wrong
 * @param data see above
 * @param isresult {@code 1} on results pushed later for mode 2, as in the original; absent otherwise
 */
public record ResponseEnvelope<D>(String guid, int code, String msg, D data,
		@JsonInclude(JsonInclude.Include.NON_NULL) Integer isresult) {

	public static <D> ResponseEnvelope<D> ok(String guid, D data) {
		return new ResponseEnvelope<>(guid, DoraCodes.OK, "OK", data, null);
	}

	public static <D> ResponseEnvelope<D> status(String guid, int code, String msg) {
		return new ResponseEnvelope<>(guid, code, msg, null, null);
	}

	/** The acknowledgement (100001) of a mode 1 or 2 request: the provider accepted the work and will run it. */
	public static <D> ResponseEnvelope<D> accepted(String guid) {
		return status(guid, DoraCodes.ACCEPTED, DoraCodes.message(DoraCodes.ACCEPTED));
	}

	/** The same envelope marked as a result pushed later. */
	public ResponseEnvelope<D> asPushedResult() {
		return new ResponseEnvelope<>(this.guid, this.code, this.msg, this.data, 1);
	}

	@JsonIgnore
	public boolean isOk() {
		return this.code == DoraCodes.OK;
	}

}
