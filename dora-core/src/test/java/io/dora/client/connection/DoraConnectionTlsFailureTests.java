package io.dora.client.connection;

import java.time.Duration;

import javax.net.ssl.SSLHandshakeException;

import io.dora.discovery.DoraEndpoint;
import io.dora.protocol.CallMode;
import io.dora.protocol.DoraCodes;
import io.dora.protocol.DoraFrameDecoder;
import io.dora.protocol.DoraFrameWriter;
import io.dora.protocol.DoraJsonCodec;
import io.dora.protocol.DoraProtocol;
import io.dora.protocol.Guid;
import io.dora.protocol.MessageType;
import io.dora.test.ManualTimer;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A connection that a TLS failure ends before the provider sent anything was refused by the provider, which read
 * none of its calls: they fail as not sent, with the reason. After a frame from the provider, the same failure
 * leaves the outcome unknown.
 */
class DoraConnectionTlsFailureTests {

	private static final DoraEndpoint ENDPOINT = DoraEndpoint.parse("10.0.0.1:9501");

	private final EmbeddedChannel channel = new EmbeddedChannel(
			new DoraFrameDecoder(DoraProtocol.DEFAULT_MAX_FRAME_LENGTH, 0), new DoraClientHandler());

	private final DoraConnection connection = new DoraConnection(ENDPOINT, this.channel, new ManualTimer(),
			new DoraJsonCodec(JsonMapper.builder().build()), new DoraClientStats(), new RecentTimeouts(16),
			new DoraConnectionSettings(Duration.ofSeconds(1), Duration.ZERO, 1, 1, DoraProtocol.DEFAULT_MAX_FRAME_LENGTH,
					Duration.ofMinutes(1), 16));

	@AfterEach
	void release() {
		this.channel.finishAndReleaseAll();
	}

	@Test
	void alertBeforeAnythingFromTheProviderFailsTheCallsAsNotSentWithTheReason() {
		PendingCall call = send();
		refuse();
		assertThat(call.reply()).failsWithin(Duration.ZERO)
			.withThrowableThat()
			.havingCause()
			.isInstanceOfSatisfying(NotSentException.class, (ex) -> {
				assertThat(ex.getCode()).isEqualTo(DoraCodes.NO_PROVIDER);
				assertThat(ex.getMessage()).contains("the provider refused this client's TLS certificate")
					.contains("alert bad_certificate");
			});
	}

	@Test
	void alertAfterAFrameFromTheProviderLeavesTheOutcomeUnknown() {
		this.channel.writeInbound(DoraFrameWriter.writeEmpty(ByteBufAllocator.DEFAULT, MessageType.PONG, Guid.random()));
		PendingCall call = send();
		refuse();
		assertThat(call.reply()).failsWithin(Duration.ZERO)
			.withThrowableThat()
			.havingCause()
			.isInstanceOfSatisfying(ConnectionClosedException.class, (ex) -> assertThat(ex.wasWritten()).isTrue());
	}

	@Test
	void closeWithoutATlsFailureLeavesTheOutcomeUnknown() {
		PendingCall call = send();
		this.channel.close();
		assertThat(call.reply()).failsWithin(Duration.ZERO)
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(ConnectionClosedException.class);
	}

	@Test
	void writeFailedByTheTlsEngineIsNotSentWithTheReason() {
		this.channel.pipeline().addFirst(new ChannelOutboundHandlerAdapter() {
			@Override
			public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
				ReferenceCountUtil.release(msg);
				promise.setFailure(new SSLHandshakeException("Received fatal alert: certificate_required"));
			}
		});
		Guid guid = Guid.random();
		PendingCall call = this.connection.send(guid, CallMode.SYNC,
				DoraFrameWriter.writeEmpty(ByteBufAllocator.DEFAULT, MessageType.CALL, guid), 1_000);
		assertThat(call.reply()).failsWithin(Duration.ZERO)
			.withThrowableThat()
			.havingCause()
			.isInstanceOfSatisfying(NotSentException.class, (ex) -> assertThat(ex.getMessage())
				.contains("it requires a client certificate and the key store of dora.client.ssl.bundle has none"));
	}

	private PendingCall send() {
		Guid guid = Guid.random();
		PendingCall call = this.connection.send(guid, CallMode.SYNC,
				DoraFrameWriter.writeEmpty(ByteBufAllocator.DEFAULT, MessageType.CALL, guid), 1_000);
		assertThat(call.wasWritten()).isTrue();
		return call;
	}

	/** What Netty's TLS handler reports when the provider's alert arrives: the engine's failure, wrapped. */
	private void refuse() {
		this.channel.pipeline()
			.fireExceptionCaught(new DecoderException(new SSLHandshakeException("Received fatal alert: bad_certificate")));
		this.channel.runPendingTasks();
	}

}
