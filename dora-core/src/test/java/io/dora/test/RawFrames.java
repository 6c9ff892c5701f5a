package io.dora.test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.dora.protocol.ApiCall;
import io.dora.protocol.DoraFrameWriter;
import io.dora.protocol.DoraJsonCodec;
import io.dora.protocol.DoraProtocol;
import io.dora.protocol.Guid;
import io.dora.protocol.MessageType;
import io.dora.protocol.RequestEnvelope;
import io.dora.security.FrameSigner;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hand-made frames for tests that send what the library itself would never produce.
 */
public final class RawFrames {

	private RawFrames() {
	}

	/**
	 * A frame header alone, announcing a body it does not carry.
	 * @param version the protocol version to write
	 * @param bodyLength the body length to announce, up to 4 GiB - 1
	 */
	public static byte[] header(int version, MessageType type, Guid guid, long bodyLength) {
		ByteBuf header = Unpooled.buffer(DoraProtocol.HEADER_LENGTH);
		try {
			header.writeShort(DoraProtocol.MAGIC)
				.writeByte(version)
				.writeByte(type.code())
				.writeByte(0)
				.writeByte(DoraProtocol.CODEC_JSON)
				.writeShort(0);
			guid.write(header);
			header.writeInt(0).writeInt((int) bodyLength);
			return ByteBufUtil.getBytes(header);
		}
		finally {
			header.release();
		}
	}

	/** A CALL frame with the given JSON text as its body. */
	public static byte[] call(Guid guid, String json) {
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		ByteBuf frame = Unpooled.buffer(DoraProtocol.HEADER_LENGTH + body.length);
		frame.writeShort(DoraProtocol.MAGIC)
			.writeByte(DoraProtocol.VERSION)
			.writeByte(MessageType.CALL.code())
			.writeByte(0)
			.writeByte(DoraProtocol.CODEC_JSON)
			.writeShort(0);
		guid.write(frame);
		frame.writeInt(0).writeInt(body.length).writeBytes(body);
		return ByteBufUtil.getBytes(frame);
	}

	/** Any frame, with every header field chosen by the caller. */
	public static byte[] frame(MessageType type, int flags, int codec, Guid guid, byte[] extension, byte[] body) {
		ByteBuf frame = Unpooled.buffer(DoraProtocol.HEADER_LENGTH + extension.length + body.length);
		try {
			frame.writeShort(DoraProtocol.MAGIC)
				.writeByte(DoraProtocol.VERSION)
				.writeByte(type.code())
				.writeByte(flags)
				.writeByte(codec)
				.writeShort(extension.length);
			guid.write(frame);
			frame.writeInt(0).writeInt(body.length).writeBytes(extension).writeBytes(body);
			return ByteBufUtil.getBytes(frame);
		}
		finally {
			frame.release();
		}
	}

	/**
	 * A mode-0 call of {@code /count} with {@code key} as its param, signed as a Dora client signs it, for replaying
	 * and tampering with.
	 */
	public static byte[] signedCount(String keyId, String secret, String audience, long timestamp, String key) {
		FrameSigner signer = new FrameSigner(keyId, secret.getBytes(StandardCharsets.UTF_8), () -> timestamp);
		DoraFrameWriter writer = new DoraFrameWriter(new DoraJsonCodec(JsonMapper.builder().build()),
				DoraProtocol.DEFAULT_MAX_FRAME_LENGTH, -1, signer);
		Guid guid = Guid.random();
		ByteBuf frame = writer.write(ByteBufAllocator.DEFAULT, MessageType.CALL, 0, guid, 3000,
				new RequestEnvelope<>(guid.toString(), "W_S", Map.of("one", new ApiCall<>("/count", key)), null),
				audience);
		try {
			return ByteBufUtil.getBytes(frame);
		}
		finally {
			frame.release();
		}
	}

}
