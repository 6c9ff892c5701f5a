package io.dora.bench.dora.raw;

import java.util.Map;

import io.dora.bench.core.BenchData;
import io.dora.protocol.ApiCall;
import io.dora.protocol.ApiResult;
import io.dora.protocol.CallMode;
import io.dora.protocol.DoraFrameWriter;
import io.dora.protocol.DoraJsonCodec;
import io.dora.protocol.DoraProtocol;
import io.dora.protocol.Guid;
import io.dora.protocol.MessageType;
import io.dora.protocol.RequestEnvelope;
import io.dora.protocol.ResponseEnvelope;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import tools.jackson.databind.json.JsonMapper;

/**
 * The bytes of one sync getUser call on Dora's wire, encoded once with Dora's own frame writer: the request a
 * {@code DoraTemplate} sends (32-byte header, {@code {"guid", "type": "W_S", "api": {"one": {"name": "/user/get",
 * "param": id}}}}) and the reply the provider sends back (header, {@code {"guid", "code", "msg", "data": result}}).
 * The raw-netty peer sends and answers these bytes as they are, changing only the header's guid, which matches a
 * reply to its call.
 */
final class GetUserFrames {

	/** The user every call asks for; the body length does not depend on it much, and the peers ask for 0-1023. */
	static final long USER_ID = 512;

	/** Where a frame's body length sits in the header, and how many bytes it takes. */
	static final int BODY_LENGTH_OFFSET = DoraProtocol.HEADER_LENGTH - 4;

	static final int GUID_OFFSET = DoraProtocol.OFFSET_GUID;

	private static final Guid TEMPLATE_GUID = Guid.of(0x0123456789abcdefL, 0x0fedcba987654321L);

	private final byte[] request;

	private final byte[] reply;

	GetUserFrames() {
		DoraFrameWriter writer = new DoraFrameWriter(new DoraJsonCodec(JsonMapper.builder().build()),
				DoraProtocol.DEFAULT_MAX_FRAME_LENGTH, -1);
		String guid = TEMPLATE_GUID.toString();
		this.request = bytes(writer.write(UnpooledByteBufAllocator.DEFAULT, CallMode.SYNC.messageType(), 0,
				TEMPLATE_GUID, 3000, new RequestEnvelope<>(guid, CallMode.SYNC.typeString(false),
						Map.of("one", new ApiCall<>("/user/get", USER_ID)), null)));
		this.reply = bytes(writer.write(UnpooledByteBufAllocator.DEFAULT, MessageType.RESPONSE, 0, TEMPLATE_GUID,
				0, ResponseEnvelope.ok(guid, ApiResult.ok(guid, BenchData.user(USER_ID)))));
	}

	private static byte[] bytes(ByteBuf frame) {
		try {
			return ByteBufUtil.getBytes(frame);
		}
		finally {
			frame.release();
		}
	}

	byte[] request() {
		return this.request;
	}

	byte[] reply() {
		return this.reply;
	}

	/** The largest frame either side accepts: the bigger of the two, as nothing else is ever sent. */
	int maxFrameLength() {
		return Math.max(this.request.length, this.reply.length);
	}

}
