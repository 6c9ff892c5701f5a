package io.dora.web;

import java.io.IOException;
import java.util.function.Function;

import io.dora.handler.DoraDispatcher;
import io.dora.handler.DoraInbound;
import io.dora.protocol.CallMode;
import io.dora.protocol.DoraCodes;
import io.dora.protocol.DoraJsonCodec;
import io.dora.protocol.DoraProtocolException;
import io.dora.protocol.FrameBufferBudget;
import io.dora.protocol.Guid;
import io.dora.protocol.RequestEnvelope;
import io.dora.protocol.ResponseEnvelope;
import io.dora.security.HttpSignatureVerifier;
import io.dora.security.SignatureChecker;
import io.dora.server.DoraServerSettings;
import io.dora.web.HttpRequestBody.RefusedBodyException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Dora over HTTP for clients in any language, under {@code dora.server.http.base-path}:
 * <ul>
 * <li>the original contract: {@code POST /api/multisync}, {@code /api/multinoresult} and {@code /server/cmd} with
 * the request JSON in the form field {@code params} or as a JSON body, answered 200 with the outcome in
 * {@code code} (except 401 for a failed signature check, and the statuses that close the connection for a body
 * refused unread); other paths under {@code /api} and {@code /server} are answered
 * {@link DoraCodes#UNKNOWN_TYPE};</li>
 * <li>{@code POST /call/<api path>} with the param as JSON body, answered with the same envelope as a TCP single
 * call and an HTTP status by outcome class ({@link DoraHttpStatus}).</li>
 * </ul>
 * A thin adapter: it reads the body (see {@link HttpRequestBody} for the bounds on size, memory and time) and hands
 * the request to the same {@link DoraDispatcher} as TCP, which decodes it on this thread and runs it on the business
 * executor. The servlet
 * thread waits for the reply, as it does for a plain controller ({@link HttpReplySink} says why), at most for the
 * deadline: the {@value #TIMEOUT_HEADER} header in milliseconds or the configured default.
 */
@RestController
public class DoraHttpController {

	/** Request header with the caller's deadline in milliseconds. */
	public static final String TIMEOUT_HEADER = HttpSignatureVerifier.TIMEOUT_HEADER;

	/**
	 * The original paths answer 200 whatever the outcome, as the original did, except to a request that failed its
	 * signature check: that is 401, as anywhere on HTTP.
	 */
	private static final Function<ResponseEnvelope<?>, HttpStatus> ORIGINAL_STATUS = (reply) -> (reply
		.code() == DoraCodes.SIGNATURE_INVALID) ? HttpStatus.UNAUTHORIZED : HttpStatus.OK;

	/** When to try again after a refusal for lack of room: a body being read takes at most the read timeout. */
	private static final String RETRY_AFTER_SECONDS = "1";

	/** Servlet request attribute with the TLS client certificate chain, when the container verified one. */
	private static final String CLIENT_CERTIFICATES = "jakarta.servlet.request.X509Certificate";

	private final DoraDispatcher dispatcher;

	private final DoraJsonCodec codec;

	private final HttpRequestDecoder decoder;

	private final DoraHttpSettings settings;

	private final HttpSignatureVerifier signatures;

	private final FrameBufferBudget budget;

	public DoraHttpController(DoraDispatcher dispatcher, DoraJsonCodec codec, DoraHttpSettings settings) {
		this(dispatcher, codec, settings, null, new FrameBufferBudget(DoraServerSettings.defaultMaxBufferedBytes()));
	}

	/**
	 * @param signatures checks request signatures ({@code X-Dora-Signature}); {@code null} accepts unsigned requests
	 * @param budget what request bodies being read may hold, shared with the TCP server's frames
	 */
	public DoraHttpController(DoraDispatcher dispatcher, DoraJsonCodec codec, DoraHttpSettings settings,
			SignatureChecker signatures, FrameBufferBudget budget) {
		this.dispatcher = dispatcher;
		this.codec = codec;
		this.decoder = new HttpRequestDecoder(codec);
		this.settings = settings;
		this.signatures = (signatures != null) ? new HttpSignatureVerifier(signatures) : null;
		this.budget = budget;
	}

	/** Runs every entry concurrently and answers them keyed, as the original {@code W_M}. */
	@PostMapping({ "/api/multisync", "/api/multisync/" })
	public ResponseEntity<byte[]> multiSync(HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		return original(request, response, CallMode.SYNC);
	}

	/** Answers 100001 once the entries are admitted, then runs them, as the original {@code AN_M}. */
	@PostMapping({ "/api/multinoresult", "/api/multinoresult/" })
	public ResponseEntity<byte[]> multiNoResult(HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		return original(request, response, CallMode.NO_RESULT);
	}

	/** Control commands, under the same switch as over TCP. */
	@PostMapping({ "/server/cmd", "/server/cmd/" })
	public ResponseEntity<byte[]> command(HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		return original(request, response, CallMode.CONTROL);
	}

	/** One API, named by the rest of the path, with the body as its param. */
	@PostMapping("/call/{*api}")
	public ResponseEntity<byte[]> call(@PathVariable("api") String api, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		String guid = Guid.random().toString();
		if (api.isEmpty() || "/".equals(api)) {
			HttpReplySink sink = sink(request, DoraHttpStatus::of, 0, guid);
			sink.reply(ResponseEnvelope.status(guid, DoraCodes.API_EMPTY,
					"no api in the path; call POST <base-path>/call/<api path>"));
			return sink.await();
		}
		return dispatch(request, response, CallMode.SYNC, DoraHttpStatus::of, guid,
				(body) -> this.decoder.call(body, guid, api));
	}

	/** Anything else under the original's prefixes, as the original answered it. */
	@RequestMapping({ "/api/**", "/server/**" })
	public ResponseEntity<byte[]> unknownPath(HttpServletRequest request) {
		ResponseEnvelope<?> reply = ResponseEnvelope.status(null, DoraCodes.UNKNOWN_TYPE,
				"unknown path: " + request.getMethod() + " " + request.getRequestURI()
						+ "; Dora serves POST api/multisync, api/multinoresult, server/cmd and call/<api path>");
		return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(this.codec.writeBytes(reply));
	}

	private ResponseEntity<byte[]> original(HttpServletRequest request, HttpServletResponse response, CallMode mode)
			throws IOException {
		String defaultType = mode.typeString(true);
		return dispatch(request, response, mode, ORIGINAL_STATUS, null,
				(body) -> this.decoder.envelope(body, defaultType));
	}

	private ResponseEntity<byte[]> dispatch(HttpServletRequest request, HttpServletResponse response, CallMode mode,
			Function<ResponseEnvelope<?>, HttpStatus> status, String guid,
			Function<HttpRequestBody, RequestEnvelope<JsonNode>> decode) throws IOException {
		long receivedNanos = System.nanoTime();
		int timeoutMillis = this.settings.timeoutMillis(request.getHeader(TIMEOUT_HEADER));
		HttpReplySink sink = sink(request, status, timeoutMillis, guid);
		HttpRequestBody body;
		try {
			body = HttpRequestBody.read(request, this.settings.maxBodyLength(), this.budget,
					this.settings.bodyReadTimeout().toNanos());
		}
		catch (RefusedBodyException ex) {
			refuseUnread(request, response, guid, ex);
			return null;
		}
		try (body) {
			if (timeoutMillis < 0) {
				throw new DoraProtocolException(DoraCodes.BAD_PARAMETER,
						TIMEOUT_HEADER + " must be a positive whole number of milliseconds");
			}
			boolean authenticated = request.getAttribute(CLIENT_CERTIFICATES) != null;
			if (this.signatures != null) {
				this.signatures.verify(request, body.signedContent());
				authenticated = true;
			}
			// Work answered at once is not bound by the caller's wait: an acknowledgement promises it will run.
			int deadline = (mode == CallMode.SYNC) ? timeoutMillis : 0;
			this.dispatcher.dispatch(new DoraInbound(null, mode, 0, deadline, receivedNanos,
					() -> sink.decoded(decode.apply(body)), authenticated), sink);
			return sink.await();
		}
		catch (DoraProtocolException ex) {
			sink.reply(ResponseEnvelope.status(guid, ex.code(), ex.getMessage()));
			return sink.await();
		}
	}

	/**
	 * Answers a request refused before its body was read to the end, on every path, with a status at which the
	 * servlet container closes the connection (413, 408, or 503 with {@code Retry-After}). The response is written
	 * here and the request completed as an asynchronous one: Tomcat then closes the connection at once, where it
	 * would otherwise first read and discard the rest of the body, waiting on a caller that may never send it.
	 */
	private void refuseUnread(HttpServletRequest request, HttpServletResponse response, String guid,
			RefusedBodyException ex) throws IOException {
		HttpStatus status = switch (ex.code()) {
			case DoraCodes.FRAME_TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
			case DoraCodes.SERVER_BUSY -> HttpStatus.SERVICE_UNAVAILABLE;
			default -> HttpStatus.REQUEST_TIMEOUT;
		};
		byte[] json = this.codec.writeBytes(ResponseEnvelope.status(guid, ex.code(), ex.getMessage()));
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setContentLength(json.length);
		if (status == HttpStatus.SERVICE_UNAVAILABLE) {
			response.setHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
		}
		response.getOutputStream().write(json);
		response.flushBuffer();
		if (request.isAsyncSupported() && !request.isAsyncStarted()) {
			request.startAsync().complete();
		}
	}

	private HttpReplySink sink(HttpServletRequest request, Function<ResponseEnvelope<?>, HttpStatus> status,
			int timeoutMillis, String guid) {
		long waitMillis = (timeoutMillis > 0) ? timeoutMillis : this.settings.timeoutMillis(null);
		String remoteAddress = request.getRemoteAddr() + ":" + request.getRemotePort();
		return new HttpReplySink(this.codec, status, remoteAddress, waitMillis, guid);
	}

}
