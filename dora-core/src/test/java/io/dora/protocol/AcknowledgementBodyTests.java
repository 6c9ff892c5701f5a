package io.dora.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pre-encoded acknowledgement (100001): what the provider writes from it is byte for byte what the codec writes,
 * and a client recognises from it only the acknowledgement of the very guid it expects.
 */
class AcknowledgementBodyTests {

	private static final UnpooledByteBufAllocator ALLOC = UnpooledByteBufAllocator.DEFAULT;

	private final DoraJsonCodec codec = new DoraJsonCodec(JsonMapper.builder().build());

	private final DoraFrameWriter writer = new DoraFrameWriter(this.codec, DoraProtocol.DEFAULT_MAX_FRAME_LENGTH, -1);

	private final Guid guid = Guid.random();

	@Test
	void writtenAcknowledgementIsTheFrameTheCodecWritesInEachBodyCodec() {
		for (int id : new int[] { DoraProtocol.CODEC_JSON, DoraProtocol.CODEC_CBOR }) {
			DoraBodyCodec bodyCodec = this.codec.bodyCodec(id);
			assertThat(bodyCodec.acknowledgement().isUsable()).as(bodyCodec.name()).isTrue();
			assertThat(bytes(this.writer.writeAcknowledgement(ALLOC, bodyCodec, this.guid))).as(bodyCodec.name())
				.isEqualTo(bytes(this.writer.write(ALLOC, bodyCodec, MessageType.RESPONSE, 0, this.guid, 0,
						ResponseEnvelope.accepted(this.guid.toString()), null)));
		}
	}

	@Test
	void writtenAcknowledgementReadsAsOne() {
		byte[] frame = bytes(this.writer.writeAcknowledgement(ALLOC, this.codec.json(), this.guid));
		byte[] body = Arrays.copyOfRange(frame, DoraProtocol.HEADER_LENGTH, frame.length);
		ResponseEnvelope<JsonNode> envelope = this.codec.readResponse(body);
		assertThat(envelope.guid()).isEqualTo(this.guid.toString());
		assertThat(envelope.code()).isEqualTo(DoraCodes.ACCEPTED);
		assertThat(envelope.msg()).isEqualTo(DoraCodes.message(DoraCodes.ACCEPTED));
		assertThat(envelope.data() == null || envelope.data().isNull()).as("no data").isTrue();
	}

	@Test
	void aWriterThatCompressesEvenTinyBodiesCompressesTheAcknowledgementToo() {
		DoraFrameWriter compressing = new DoraFrameWriter(this.codec, DoraProtocol.DEFAULT_MAX_FRAME_LENGTH, 0);
		byte[] frame = bytes(compressing.writeAcknowledgement(ALLOC, this.codec.json(), this.guid));
		assertThat(frame[4] & DoraProtocol.FLAG_COMPRESSED).isNotZero();
		assertThat(frame).isEqualTo(bytes(compressing.write(ALLOC, this.codec.json(), MessageType.RESPONSE, 0,
				this.guid, 0, ResponseEnvelope.accepted(this.guid.toString()), null)));
	}

	@Test
	void recognisesTheAcknowledgementOfItsOwnGuidOnly() {
		DoraBodyCodec json = this.codec.json();
		byte[] own = json.writeBytes(ResponseEnvelope.accepted(this.guid.toString()));
		assertThat(json.isAcknowledgement(own, this.guid)).isTrue();
		assertThat(json.isAcknowledgement(own, Guid.random())).isFalse();
		assertThat(json.isAcknowledgement(null, this.guid)).isFalse();
		assertThat(json.isAcknowledgement(new byte[0], this.guid)).isFalse();
		assertThat(json.isAcknowledgement(Arrays.copyOf(own, own.length - 1), this.guid)).isFalse();
	}

	@Test
	void anythingButTheCanonicalBytesIsLeftToTheOrdinaryRead() {
		DoraBodyCodec json = this.codec.json();
		String text = this.guid.toString();
		for (String body : new String[] {
				// The same reply in another order, the guid in capitals, another message, data, another code.
				"{\"code\":100001,\"guid\":\"" + text + "\",\"msg\":\"transfer success\",\"data\":null}",
				"{\"guid\":\"" + text.toUpperCase() + "\",\"code\":100001,\"msg\":\"transfer success\",\"data\":null}",
				"{\"guid\":\"" + text + "\",\"code\":100001,\"msg\":\"transfer succesS\",\"data\":null}",
				"{\"guid\":\"" + text + "\",\"code\":100001,\"msg\":\"transfer success\",\"data\":7}",
				"{\"guid\":\"" + text + "\",\"code\":100014,\"msg\":\"transfer success\",\"data\":null}" }) {
			assertThat(body.length()).isGreaterThan(40);
			assertThat(json.isAcknowledgement(body.getBytes(StandardCharsets.UTF_8), this.guid)).as(body).isFalse();
		}
	}

	@Test
	void guidHexWrittenAndComparedWithoutTextIsItsText() {
		for (Guid each : new Guid[] { this.guid, Guid.of(0, 1), Guid.of(-1, Long.MIN_VALUE) }) {
			ByteBuf out = Unpooled.buffer();
			each.writeHex(out);
			byte[] hex = ByteBufUtil.getBytes(out);
			assertThat(new String(hex, StandardCharsets.US_ASCII)).isEqualTo(each.toString());
			byte[] shifted = ("x" + each).getBytes(StandardCharsets.US_ASCII);
			assertThat(each.isHexAt(shifted, 1)).isTrue();
			assertThat(each.isHexAt(shifted, 0)).isFalse();
			assertThat(each.isHexAt(shifted, 2)).isFalse();
			assertThat(each.isHexAt(hex, -1)).isFalse();
		}
	}

	private static byte[] bytes(ByteBuf frame) {
		try {
			return ByteBufUtil.getBytes(frame);
		}
		finally {
			frame.release();
		}
	}

}
