package io.dora.web;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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

/**
 * Answers one HTTP request: the dispatcher's reply becomes the JSON body of the response the servlet thread waits
 * for, with the status its path gives the outcome. When the deadline passes first, the request is answered
 * {@link DoraCodes#DEADLINE_EXCEEDED} and a later reply is dropped.
 * <p>
 * The servlet thread waits, as it does for a plain {@code @RestController}, rather than being released through an
 * async request: Spring MVC completes an async request with a second dispatch through the whole filter chain and
 * {@code DispatcherServlet}, which profiles showed as nearly half of the endpoint's CPU per call.
 */
final class HttpReplySink implements DoraReplySink {

	private static final Log logger = LogFactory.getLog(HttpReplySink.class);

	private final DoraJsonCodec codec;

	private final Function<ResponseEnvelope<?>, HttpStatus> status;

	private final String remoteAddress;

	private final CompletableFuture<ResponseEntity<byte[]>> result = new CompletableFuture<>();

	private final long waitMillis;

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
		this.waitMillis = waitMillis;
	}

	/** Waits for the reply, at most until the deadline, and returns the response to send. */
	ResponseEntity<byte[]> await() {
		try {
			return this.result.get(this.waitMillis, TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			return deadlineExceeded();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return deadlineExceeded();
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("The reply future never fails", ex);
		}
	}

	private ResponseEntity<byte[]> deadlineExceeded() {
		this.result.complete(response(ResponseEnvelope.status(this.guid, DoraCodes.DEADLINE_EXCEEDED,
				"no reply within the deadline of " + this.waitMillis + " ms")));
		return this.result.join();
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
		if (!this.result.complete(response(response)) && logger.isDebugEnabled()) {
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
