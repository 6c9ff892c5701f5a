package io.dora.client;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import io.dora.client.connection.DoraClientStats;
import io.dora.client.connection.InboundReply;
import io.dora.protocol.ApiResult;
import io.dora.protocol.DoraBodyCodec;
import io.dora.protocol.DoraCodes;
import io.dora.protocol.DoraJsonCodec;
import io.dora.protocol.DoraProtocolException;
import io.dora.protocol.Guid;
import io.dora.protocol.ResponseEnvelope;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;

/**
 * Turns replies into values, on the caller's thread where possible, from the body the connection already read
 * (and inflated) once, in the codec its frame names; the values are bound by the application's mapper whatever
 * the codec. Every reply's body guid is checked against the guid of the call it was routed to; a
 * mismatch fails the call with 100100 instead of delivering someone else's data.
 */
final class ReplyDecoder {

	private final DoraJsonCodec codec;

	private final DoraClientStats stats;

	ReplyDecoder(DoraJsonCodec codec, DoraClientStats stats) {
		this.codec = codec;
		this.stats = stats;
	}

	DoraJsonCodec codec() {
		return this.codec;
	}

	/**
	 * The reply's body.
	 * @throws DoraProtocolException when its body could not be inflated
	 */
	private static byte[] json(InboundReply reply) {
		if (reply.unreadable() != null) {
			throw reply.unreadable();
		}
		return reply.json();
	}

	/** The reply as an untyped {@link DoraResponse}. */
	DoraResponse raw(InboundReply reply, boolean multi) {
		ResponseEnvelope<JsonNode> envelope = readUntyped(reply);
		checkGuid(reply, envelope.guid());
		if (envelope.data() == null || envelope.data().isNull()) {
			return new DoraResponse(envelope.guid(), envelope.code(), envelope.msg(), null, null);
		}
		if (multi) {
			Map<String, DoraResult> results = new LinkedHashMap<>();
			envelope.data().properties().forEach((entry) -> results.put(entry.getKey(), result(entry.getValue())));
			return new DoraResponse(envelope.guid(), envelope.code(), envelope.msg(), null, results);
		}
		return new DoraResponse(envelope.guid(), envelope.code(), envelope.msg(), result(envelope.data()), null);
	}

	/** A control command's reply: its data is the command's answer, not an API result. */
	DoraResponse control(InboundReply reply) {
		ResponseEnvelope<JsonNode> envelope = readUntyped(reply);
		checkGuid(reply, envelope.guid());
		JsonNode data = (envelope.data() != null && !envelope.data().isNull()) ? envelope.data() : null;
		return new DoraResponse(envelope.guid(), envelope.code(), envelope.msg(),
				new DoraResult(envelope.guid(), envelope.code(), envelope.msg(), data, this.codec), null);
	}

	/**
	 * Binds result data to the caller's type.
	 * @throws DoraClientException when it does not fit
	 */
	<T> T convert(JsonNode data, JavaType type, String api) {
		if (data == null || data.isNull()) {
			return null;
		}
		try {
			return this.codec.convert(data, type);
		}
		catch (DoraProtocolException ex) {
			throw new DoraClientException(DoraCodes.MALFORMED,
					"result of " + api + " cannot be read as " + type.getRawClass().getSimpleName() + ": "
							+ ex.getMessage(), ex);
		}
	}

	private DoraResult result(JsonNode node) {
		ApiResult<JsonNode> result;
		try {
			result = this.codec.readResult(node);
		}
		catch (DoraProtocolException ex) {
			throw new DoraClientException(ex.code(), ex.getMessage(), ex);
		}
		return new DoraResult(result.guid(), result.code(), result.msg(), result.data(), this.codec);
	}

	/**
	 * The data of a single call's reply, bound to {@code dataType}.
	 * @throws DoraRemoteException when either level carries a failure code
	 */
	<T> T single(InboundReply reply, JavaType dataType, String api) {
		ResponseEnvelope<ApiResult<T>> envelope = read(reply,
				() -> bodyCodec(reply).readSingleResponse(json(reply), dataType));
		checkGuid(reply, envelope.guid());
		if (envelope.code() != DoraCodes.OK) {
			throw new DoraRemoteException(envelope.code(), envelope.msg(), null, false);
		}
		ApiResult<T> result = envelope.data();
		if (result == null) {
			throw new DoraClientException(DoraCodes.MALFORMED, "reply from " + reply.endpoint() + " has no result");
		}
		if (result.code() != DoraCodes.OK) {
			throw new DoraRemoteException(result.code(), result.msg(), api, true);
		}
		return result.data();
	}

	/**
	 * The code of a reply that carries no data (acknowledgements).
	 * @throws DoraRemoteException unless the code is {@code expected}
	 */
	void expect(InboundReply reply, int expected) {
		if (expected == DoraCodes.ACCEPTED && bodyCodec(reply).isAcknowledgement(reply.json(), reply.guid())) {
			// The acknowledgement of this very guid, byte for byte: nothing more to read or check.
			return;
		}
		ResponseEnvelope<JsonNode> envelope = readUntyped(reply);
		checkGuid(reply, envelope.guid());
		if (envelope.code() != expected) {
			throw new DoraRemoteException(envelope.code(), envelope.msg(), null, false);
		}
	}

	private ResponseEnvelope<JsonNode> readUntyped(InboundReply reply) {
		return read(reply, () -> bodyCodec(reply).readResponse(json(reply)));
	}

	private DoraBodyCodec bodyCodec(InboundReply reply) {
		return (reply.bodyCodec() != null) ? reply.bodyCodec() : this.codec.json();
	}

	private <T> T read(InboundReply reply, Supplier<T> reader) {
		try {
			T value = reader.get();
			if (value == null) {
				throw new DoraClientException(DoraCodes.MALFORMED, "empty reply from " + reply.endpoint());
			}
			return value;
		}
		catch (DoraProtocolException ex) {
			throw new DoraClientException(ex.code(), "unreadable reply from " + reply.endpoint() + ": " + ex.getMessage(),
					ex);
		}
	}

	private void checkGuid(InboundReply reply, String bodyGuid) {
		if (bodyGuid != null && !reply.guid().equals(Guid.parseOrNull(bodyGuid))) {
			this.stats.mismatchedReply();
			throw new DoraClientException(DoraCodes.REPLY_GUID_MISMATCH, "reply from " + reply.endpoint()
					+ " carries guid " + bodyGuid + " in its body but " + reply.guid() + " in its header");
		}
	}

}
