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
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * The body of one HTTP request, read on the servlet thread with the size limit checked before reading (the
 * declared length) and while reading (the bytes that actually come), so an oversized body is never held in
 * memory. Form fields are decoded later, on a business thread.
 */
final class HttpRequestBody {

	private static final byte[] EMPTY = new byte[0];

	private final byte[] bytes;

	private final MediaType contentType;

	/** Fields the servlet container has already parsed (multipart, or a form a filter read); else null. */
	private final Map<String, String> parsedFields;

	private HttpRequestBody(byte[] bytes, MediaType contentType, Map<String, String> parsedFields) {
		this.bytes = bytes;
		this.contentType = contentType;
		this.parsedFields = parsedFields;
	}

	/**
	 * Reads the body of {@code request}.
	 * @throws DoraProtocolException with {@link DoraCodes#FRAME_TOO_LARGE} when it is longer than
	 * {@code maxLength} bytes
	 */
	static HttpRequestBody read(HttpServletRequest request, int maxLength) throws IOException {
		long declared = request.getContentLengthLong();
		if (declared > maxLength) {
			throw tooLarge(maxLength);
		}
		MediaType contentType = contentType(request.getContentType());
		if (contentType != null && MediaType.MULTIPART_FORM_DATA.includes(contentType)) {
			// The multipart resolver has parsed it (under spring.servlet.multipart limits) before the controller.
			return new HttpRequestBody(EMPTY, contentType, containerFields(request));
		}
		byte[] bytes = (declared >= 0) ? readDeclared(request.getInputStream(), (int) declared)
				: readChunked(request.getInputStream(), maxLength);
		if (bytes.length == 0 && isForm(contentType)) {
			// A filter that asked for a request parameter has consumed the body; the container kept the fields.
			return new HttpRequestBody(bytes, contentType, containerFields(request));
		}
		return new HttpRequestBody(bytes, contentType, null);
	}

	/**
	 * Reads a body of known length into an array of that length: most bodies are a few hundred bytes, and reading
	 * them up to the limit would allocate and zero an 8 KB chunk per request. The container stops at the declared
	 * length, so a body that ends early comes back shorter and fails to decode.
	 */
	private static byte[] readDeclared(InputStream in, int length) throws IOException {
		byte[] bytes = new byte[length];
		int read = in.readNBytes(bytes, 0, length);
		return (read == length) ? bytes : Arrays.copyOf(bytes, read);
	}

	/** Reads a body of unknown length (chunked), failing as soon as it passes the limit. */
	private static byte[] readChunked(InputStream in, int maxLength) throws IOException {
		int limit = (maxLength < Integer.MAX_VALUE) ? maxLength + 1 : maxLength;
		byte[] bytes = in.readNBytes(limit);
		if (bytes.length > maxLength) {
			throw tooLarge(maxLength);
		}
		return bytes;
	}

	byte[] bytes() {
		return this.bytes;
	}

	/** Whether the body is a form ({@code application/x-www-form-urlencoded} or {@code multipart/form-data}). */
	boolean isForm() {
		return this.parsedFields != null || isForm(this.contentType);
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

	/** What a request signature covers: the {@code params} field of a form, else the body. */
	byte[] signedContent() {
		if (isForm()) {
			String params = formFields().get(HttpRequestDecoder.PARAMS_FIELD);
			return (params != null) ? params.getBytes(StandardCharsets.UTF_8) : EMPTY;
		}
		return this.bytes;
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
					"form body is not url-encoded correctly: " + ex.getMessage());
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

	private static DoraProtocolException tooLarge(int maxLength) {
		return new DoraProtocolException(DoraCodes.FRAME_TOO_LARGE,
				"request body is larger than " + maxLength + " bytes (dora.server.max-frame-length)");
	}

}
