package io.dora.web;

import io.dora.protocol.ApiResult;
import io.dora.protocol.DoraCodes;
import io.dora.protocol.ResponseEnvelope;

import org.springframework.http.HttpStatus;

/**
 * How a path of the HTTP endpoint answers the dispatcher's reply: its HTTP status and the JSON body.
 */
enum HttpReplyShape {

	/**
	 * The original contract: 200 whatever the outcome, as the original did, except 401 to a request that failed its
	 * signature check, as anywhere on HTTP; the body is the envelope a TCP caller receives, the dispatch level with
	 * the per-API results inside {@code data}.
	 */
	ORIGINAL {

		@Override
		HttpStatus status(ResponseEnvelope<?> reply) {
			return (reply.code() == DoraCodes.SIGNATURE_INVALID) ? HttpStatus.UNAUTHORIZED : HttpStatus.OK;
		}

		@Override
		Object body(ResponseEnvelope<?> reply) {
			return reply;
		}

	},

	/**
	 * {@code /call}: the status says the outcome class ({@link DoraHttpStatus}), and the body is one level
	 * {@code {guid, code, msg, data}}: the API's result when the request was dispatched, else the dispatch-level
	 * failure, whose {@code data} is {@code null}. The status already tells the two apart, so a client checks one
	 * code and finds the value at {@code data}.
	 */
	CALL {

		@Override
		HttpStatus status(ResponseEnvelope<?> reply) {
			return DoraHttpStatus.of(reply);
		}

		@Override
		Object body(ResponseEnvelope<?> reply) {
			if (reply.code() == DoraCodes.OK && reply.data() instanceof ApiResult<?> result) {
				return result;
			}
			return ApiResult.failure(reply.guid(), reply.code(), reply.msg());
		}

	};

	abstract HttpStatus status(ResponseEnvelope<?> reply);

	/** What to write as JSON for a reply. */
	abstract Object body(ResponseEnvelope<?> reply);

}
