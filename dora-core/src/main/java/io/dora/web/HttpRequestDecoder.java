package io.dora.web;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.dora.protocol.ApiCall;
import io.dora.protocol.CallMode;
import io.dora.protocol.DoraCodes;
import io.dora.protocol.DoraJsonCodec;
import io.dora.protocol.DoraProtocolException;
import io.dora.protocol.Guid;
import io.dora.protocol.RequestEnvelope;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;

/**
 * Turns HTTP request bodies into the dispatcher's request envelopes; runs on a business thread.
 * <p>
 * The original contract carries the envelope {@code {guid, api: {key: {name, param}}}} in the form field
 * {@code params} or as the whole JSON body. As in the original, a missing {@code params} (or an empty body) is
 * {@link DoraCodes#API_EMPTY 100003}, and {@code params} that is not a JSON object or has no {@code api} entries is
 * {@link DoraCodes#BAD_PARAMETER 100004}. Unlike the original, a guid is optional: the envelope's own, else the
 * {@code guid} form field, else a new one.
 */
final class HttpRequestDecoder {

	/** Form field holding the request envelope as JSON. */
	static final String PARAMS_FIELD = "params";

	/** Form field with the call's guid, which the original required and we accept. */
	static final String GUID_FIELD = "guid";

	private static final byte[] FORM_START = (PARAMS_FIELD + "=").getBytes(StandardCharsets.US_ASCII);

	/** Key of the one entry of a single call, as over TCP. */
	private static final String SINGLE_KEY = "one";

	private final DoraJsonCodec codec;

	private final JavaType envelopeType;

	HttpRequestDecoder(DoraJsonCodec codec) {
		this.codec = codec;
		this.envelopeType = codec.type(RequestEnvelope.class, JsonNode.class);
	}

	/**
	 * The envelope of an original-contract request.
	 * @param body the request body
	 * @param defaultType the type string of the path, used when the envelope names none
	 */
	RequestEnvelope<JsonNode> envelope(HttpRequestBody body, String defaultType) {
		JsonNode params;
		String formGuid = null;
		if (body.isForm()) {
			Map<String, String> fields = body.formFields();
			String text = fields.get(PARAMS_FIELD);
			if (text == null || text.isBlank()) {
				throw new DoraProtocolException(DoraCodes.API_EMPTY, "form field 'params' is missing");
			}
			formGuid = fields.get(GUID_FIELD);
			params = readParams(text.getBytes(StandardCharsets.UTF_8));
		}
		else {
			if (body.isBlank()) {
				throw new DoraProtocolException(DoraCodes.API_EMPTY,
						"request body is empty; send the request as JSON or in the form field 'params'");
			}
			params = readParams(body.bytes());
		}
		if (params == null || !params.isObject()) {
			throw new DoraProtocolException(DoraCodes.BAD_PARAMETER, "params is not a JSON object");
		}
		JsonNode api = params.get("api");
		if (api == null || !api.isObject() || api.isEmpty()) {
			throw new DoraProtocolException(DoraCodes.BAD_PARAMETER,
					"params has no api entries: expected {\"api\": {\"<key>\": {\"name\": ..., \"param\": ...}}}");
		}
		RequestEnvelope<JsonNode> request = this.codec.convert(params, this.envelopeType);
		String guid = hasText(request.guid()) ? request.guid()
				: hasText(formGuid) ? formGuid : Guid.random().toString();
		String type = (request.type() != null) ? request.type() : defaultType;
		return new RequestEnvelope<>(guid, type, request.api(), request.meta());
	}

	/**
	 * The envelope of a single call to {@code api} whose parameter is the whole body as JSON; an empty body is a
	 * {@code null} parameter.
	 * @throws DoraProtocolException with {@link DoraCodes#MALFORMED} when the body is not JSON
	 */
	RequestEnvelope<JsonNode> call(HttpRequestBody body, String guid, String api) {
		JsonNode param = body.isBlank() ? null
				: this.codec.readTree(body.bytes(), DoraCodes.MALFORMED, "request body");
		return new RequestEnvelope<>(guid, CallMode.SYNC.typeString(false), Map.of(SINGLE_KEY, new ApiCall<>(api, param)),
				null);
	}

	private JsonNode readParams(byte[] json) {
		try {
			return this.codec.readTree(json, DoraCodes.BAD_PARAMETER, "params");
		}
		catch (DoraProtocolException ex) {
			if (ex.code() == DoraCodes.BAD_PARAMETER && startsWith(json, FORM_START)) {
				throw new DoraProtocolException(ex.code(), ex.getMessage()
						+ " (the body looks like a form: send it as application/x-www-form-urlencoded)", ex);
			}
			throw ex;
		}
	}

	private static boolean startsWith(byte[] bytes, byte[] prefix) {
		if (bytes.length < prefix.length) {
			return false;
		}
		for (int i = 0; i < prefix.length; i++) {
			if (bytes[i] != prefix[i]) {
				return false;
			}
		}
		return true;
	}

	private static boolean hasText(String text) {
		return text != null && !text.isBlank();
	}

}
