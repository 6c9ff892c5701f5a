package io.dora.web;

import java.util.function.Function;

import io.dora.handler.DoraReplySink;
import io.dora.protocol.DoraCodes;
import io.dora.protocol.DoraJsonCodec;
import io.dora.protocol.RequestEnvelope;
import io.dora.protocol.ResponseEnvelope;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * Answers one HTTP request: the dispatcher's reply becomes the JSON body of the request's {@link DeferredResult},
 * with the status its path gives the outcome. When the deadline passes first, the request is answered
 * {@link DoraCodes#DEADLINE_EXCEEDED} and a later reply is dropped.
 */
final class HttpReplySink implements DoraReplySink {

	private static final Log logger = LogFactory.getLog(HttpReplySink.class);

	private final DoraJsonCodec codec;

	private final Function<ResponseEnvelope<?>, HttpStatus> status;

	private final String remoteAddress;

	private final DeferredResult<ResponseEntity<byte[]>> result;

	/** The call's guid once known, for replies that could not carry it (deadline, decoding errors). */
	private volatile String guid;

	/**
	 * @param codec writes the JSON
	 * @param status the HTTP status of a reply
	 * @param remoteAddress the caller as the servlet container sees it
	 * @param waitMillis how long the request may wait for its reply
	 * @param guid the call's guid when already known, else {@code null}
	 */
	HttpReplySink(DoraJsonCodec codec, Function<ResponseEnvelope<?>, HttpStatus> status, String remoteAddress,
			long waitMillis, String guid) {
		this.codec = codec;
		this.status = status;
		this.remoteAddress = remoteAddress;
		this.guid = guid;
		this.result = new DeferredResult<>(waitMillis, () -> response(ResponseEnvelope.status(this.guid,
				DoraCodes.DEADLINE_EXCEEDED, "no reply within the deadline of " + waitMillis + " ms")));
	}

	DeferredResult<ResponseEntity<byte[]>> result() {
		return this.result;
	}

	/** Remembers the guid of a decoded request and passes the request on. */
	RequestEnvelope<JsonNode> decoded(RequestEnvelope<JsonNode> request) {
		this.guid = request.guid();
		return request;
	}

	@Override
	public void reply(ResponseEnvelope<?> response) {
		if (response.guid() == null && this.guid != null) {
			response = new ResponseEnvelope<>(this.guid, response.code(), response.msg(), response.data(),
					response.isresult());
		}
		if (!this.result.setResult(response(response)) && logger.isDebugEnabled()) {
			logger.debug("Dropping Dora reply " + response.code() + " for guid " + response.guid() + " from "
					+ this.remoteAddress + ": the HTTP request is already answered");
		}
	}

	/** HTTP has no pushed results; calls in mode 2 are not offered over HTTP. */
	@Override
	public boolean push(ResponseEnvelope<?> result) {
		return false;
	}

	@Override
	public String transport() {
		return "http";
	}

	@Override
	public String remoteAddress() {
		return this.remoteAddress;
	}

	private ResponseEntity<byte[]> response(ResponseEnvelope<?> envelope) {
		byte[] json;
		try {
			json = this.codec.writeBytes(envelope);
		}
		catch (RuntimeException ex) {
			logger.error("Dora reply for guid " + envelope.guid() + " could not be written as JSON", ex);
			envelope = ResponseEnvelope.status(envelope.guid(), DoraCodes.HANDLER_ERROR,
					DoraCodes.message(DoraCodes.HANDLER_ERROR) + " (guid " + envelope.guid() + ")");
			json = this.codec.writeBytes(envelope);
		}
		return ResponseEntity.status(this.status.apply(envelope)).contentType(MediaType.APPLICATION_JSON).body(json);
	}

}
