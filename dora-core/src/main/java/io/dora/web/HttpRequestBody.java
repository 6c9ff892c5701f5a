package io.dora.web;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import io.dora.protocol.DoraCodes;
import io.dora.protocol.DoraProtocolException;
import io.dora.protocol.FrameBufferBudget;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * The body of one HTTP request, read on the servlet thread before anything in it is trusted, under three bounds:
 * <ul>
 * <li><b>size</b>: a declared length above the limit is refused before a byte is read, and a body of unknown
 * length (chunked) is cut as soon as it passes the limit;</li>
 * <li><b>memory</b>: the bytes the body may hold are taken from a {@link FrameBufferBudget} shared by every body
 * and TCP frame still arriving (the declared length at once, a chunked body as it grows) and given back by
 * {@link #close()} once the request is answered; a body that does not fit is refused at once, unread; the buffer
 * itself starts small and grows as bytes arrive, so a declared length allocates nothing;</li>
 * <li><b>time</b>: the whole body must arrive within the read timeout, so a stalled upload frees its thread.</li>
 * </ul>
 * Form fields are decoded later, on the thread that decodes the request.
 */
final class HttpRequestBody implements AutoCloseable {

	/** The most a body's buffer holds before its first bytes arrive. */
	static final int INITIAL_CAPACITY = 8192;

	private static final byte[] EMPTY = new byte[0];

	private final byte[] bytes;

	private final MediaType contentType;

	/** Fields the servlet container has already parsed (multipart, or a form a filter read); else null. */
	private final Map<String, String> parsedFields;

	private final FrameBufferBudget budget;

	private long reserved;

	private HttpRequestBody(byte[] bytes, MediaType contentType, Map<String, String> parsedFields,
			FrameBufferBudget budget, long reserved) {
		this.bytes = bytes;
		this.contentType = contentType;
		this.parsedFields = parsedFields;
		this.budget = budget;
		this.reserved = reserved;
	}

	/**
	 * Reads the body of {@code request}; {@link #close()} the result when the request is answered.
	 * @param maxLength the largest body accepted
	 * @param budget what bodies still held may take, shared with other requests
	 * @param readTimeoutNanos the time the whole body may take to arrive
	 * @throws RefusedBodyException when the body is too large (100016), does not fit the budget (100014) or does
	 * not arrive in time (100007); its unread rest is not drained
	 */
	static HttpRequestBody read(HttpServletRequest request, int maxLength, FrameBufferBudget budget,
			long readTimeoutNanos) throws IOException {
		long start = System.nanoTime();
		long declared = request.getContentLengthLong();
		if (declared > maxLength) {
			throw tooLarge(maxLength);
		}
		MediaType contentType = contentType(request.getContentType());
		if (contentType != null && MediaType.MULTIPART_FORM_DATA.includes(contentType)) {
			// The multipart resolver has parsed it (under spring.servlet.multipart limits) before the controller.
			return new HttpRequestBody(EMPTY, contentType, containerFields(request), budget, 0);
		}
		if (declared > 0 && !budget.tryReserve(declared)) {
			throw busy(declared);
		}
		Reader reader = new Reader(request.getInputStream(), (declared >= 0) ? declared : -1, maxLength, budget,
				(declared > 0) ? declared : 0, start + readTimeoutNanos, readTimeoutNanos);
		byte[] bytes;
		try {
			bytes = reader.readAll();
		}
		catch (IOException | RuntimeException ex) {
			reader.release();
			throw ex;
		}
		if (bytes.length == 0 && isForm(contentType)) {
			// A filter that asked for a request parameter has consumed the body; the container kept the fields.
			return new HttpRequestBody(bytes, contentType, containerFields(request), budget, reader.reserved);
		}
		return new HttpRequestBody(bytes, contentType, null, budget, reader.reserved);
	}

	/** Gives the body's share of the budget back. */
	@Override
	public void close() {
		if (this.reserved > 0) {
			this.budget.release(this.reserved);
			this.reserved = 0;
		}
	}

	/** Reads one body, growing its buffer as bytes arrive. */
	private static final class Reader {

		private final InputStream in;

		/** The declared length, or -1 for a body of unknown length. */
		private final long declared;

		private final int maxLength;

		private final FrameBufferBudget budget;

		private final long deadlineNanos;

		private final long timeoutNanos;

		private long reserved;

		Reader(InputStream in, long declared, int maxLength, FrameBufferBudget budget, long reserved,
				long deadlineNanos, long timeoutNanos) {
			this.in = in;
			this.declared = declared;
			this.maxLength = maxLength;
			this.budget = budget;
			this.reserved = reserved;
			this.deadlineNanos = deadlineNanos;
			this.timeoutNanos = timeoutNanos;
		}

		byte[] readAll() throws IOException {
			if (this.declared == 0) {
				return EMPTY;
			}
			// One more byte than the limit tells a chunked body that is too long.
			long limit = (this.declared > 0) ? this.declared : (long) this.maxLength + 1;
			byte[] buffer = new byte[(int) Math.min(limit, INITIAL_CAPACITY)];
			reserveUpTo(buffer.length);
			int length = 0;
			while (true) {
				if (length == buffer.length) {
					if (length == limit) {
						break;
					}
					int capacity = (int) Math.min(limit, 2L * buffer.length);
					reserveUpTo(capacity);
					buffer = Arrays.copyOf(buffer, capacity);
				}
				int read;
				try {
					read = this.in.read(buffer, length, buffer.length - length);
				}
				catch (IOException ex) {
					// The container's read timeout, or the caller went away.
					throw stalled();
				}
				if (read < 0) {
					break;
				}
				length += read;
				if (System.nanoTime() - this.deadlineNanos > 0 && length < limit) {
					throw stalled();
				}
			}
			if (this.declared < 0 && length > this.maxLength) {
				throw tooLarge(this.maxLength);
			}
			if (this.declared > 0 && length < this.declared) {
				throw new RefusedBodyException(DoraCodes.FRAME_TRUNCATED,
						"request body ended after " + length + " of the " + this.declared + " bytes declared");
			}
			return (length == buffer.length) ? buffer : Arrays.copyOf(buffer, length);
		}

		/** A body of unknown length takes its share of the budget as it grows; a declared one took it at once. */
		private void reserveUpTo(long capacity) {
			if (capacity <= this.reserved) {
				return;
			}
			long more = capacity - this.reserved;
			if (!this.budget.tryReserve(more)) {
				throw busy(capacity);
			}
			this.reserved = capacity;
		}

		void release() {
			if (this.reserved > 0) {
				this.budget.release(this.reserved);
				this.reserved = 0;
			}
		}

		private RefusedBodyException stalled() {
			return new RefusedBodyException(DoraCodes.FRAME_TRUNCATED, "request body did not arrive within "
					+ this.timeoutNanos / 1_000_000 + " ms (dora.server.http.body-read-timeout)");
		}

	}

	byte[] bytes() {
		return this.bytes;
	}

	/** Whether the body is a form ({@code application/x-www-form-urlencoded} or {@code multipart/form-data}). */
	boolean isForm() {
		return this.parsedFields != null || isForm(this.contentType);
	}

	/**
	 * Whether the servlet container, not Dora, read the body's bytes: a multipart form, or a form a filter read
	 * first. Such a body's bytes are not available to verify a signature over.
	 */
	boolean isReadByContainer() {
		return this.parsedFields != null;
	}

	/** Whether the body holds nothing but whitespace. */
	boolean isBlank() {
		for (byte b : this.bytes) {
			if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
				return false;
			}
		}
		return true;
	}

	/**
	 * What a request signature covers: the raw body bytes as received, or {@code null} when the servlet container
	 * read the body first, so that it cannot be verified.
	 */
	byte[] signedContent() {
		return isReadByContainer() ? null : this.bytes;
	}

	/**
	 * The form's fields; the first value of a repeated name wins.
	 * @throws DoraProtocolException with {@link DoraCodes#BAD_PARAMETER} for a malformed url-encoded form
	 */
	Map<String, String> formFields() {
		if (this.parsedFields != null) {
			return this.parsedFields;
		}
		Charset charset = (this.contentType != null && this.contentType.getCharset() != null)
				? this.contentType.getCharset() : StandardCharsets.UTF_8;
		Map<String, String> fields = new LinkedHashMap<>();
		String form = new String(this.bytes, charset);
		try {
			for (String pair : form.split("&")) {
				if (pair.isEmpty()) {
					continue;
				}
				int equals = pair.indexOf('=');
				String name = URLDecoder.decode((equals >= 0) ? pair.substring(0, equals) : pair, charset);
				String value = (equals >= 0) ? URLDecoder.decode(pair.substring(equals + 1), charset) : "";
				fields.putIfAbsent(name, value);
			}
		}
		catch (IllegalArgumentException ex) {
			throw new DoraProtocolException(DoraCodes.BAD_PARAMETER,
					"form body is not url-encoded correctly: a '%' must be followed by two hex digits", ex);
		}
		return fields;
	}

	private static Map<String, String> containerFields(HttpServletRequest request) {
		Map<String, String> fields = new LinkedHashMap<>();
		try {
			request.getParameterMap().forEach((name, values) -> {
				if (values.length > 0) {
					fields.put(name, values[0]);
				}
			});
		}
		catch (IllegalStateException ex) {
			// Multipart parsing is not configured for the servlet (spring.servlet.multipart.enabled=false).
			throw new DoraProtocolException(DoraCodes.BAD_PARAMETER,
					"multipart form could not be read; send the form url-encoded or the request as JSON");
		}
		return fields;
	}

	private static boolean isForm(MediaType contentType) {
		return contentType != null && (MediaType.APPLICATION_FORM_URLENCODED.includes(contentType)
				|| MediaType.MULTIPART_FORM_DATA.includes(contentType));
	}

	private static MediaType contentType(String header) {
		if (header == null || header.isBlank()) {
			return null;
		}
		try {
			return MediaType.parseMediaType(header);
		}
		catch (InvalidMediaTypeException ex) {
			return null;
		}
	}

	private static RefusedBodyException tooLarge(int maxLength) {
		return new RefusedBodyException(DoraCodes.FRAME_TOO_LARGE,
				"request body is larger than " + maxLength + " bytes (dora.server.max-frame-length)");
	}

	private static RefusedBodyException busy(long bytes) {
		return new RefusedBodyException(DoraCodes.SERVER_BUSY, "too many request bodies are arriving at once; "
				+ "this one of " + bytes + " bytes was refused unread (dora.server.max-buffered-bytes)");
	}

	/**
	 * A request refused before its body was read to the end. Its answer must close the connection: what is left
	 * of the body is not drained, so that a caller that never finishes sending holds no thread.
	 */
	static final class RefusedBodyException extends DoraProtocolException {

		RefusedBodyException(int code, String message) {
			super(code, message);
		}

	}

}
