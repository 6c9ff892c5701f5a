package io.dora.client.connection;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.dora.discovery.DoraEndpoint;
import io.dora.protocol.CallMode;
import io.dora.protocol.DoraCodes;
import io.dora.protocol.Guid;
import io.dora.protocol.MessageType;
import io.dora.protocol.ReplyCodes;
import io.dora.test.ManualTimer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The correlation of replies with calls on one connection, without a network: a hand-driven timer fires the
 * timeouts.
 */
class PendingCallsTests {

	private static final DoraEndpoint ENDPOINT = DoraEndpoint.parse("10.0.0.1:9567");

	private final ManualTimer timer = new ManualTimer();

	private final DoraClientStats stats = new DoraClientStats();

	private final AtomicInteger removals = new AtomicInteger();

	private final PendingCalls calls = new PendingCalls(ENDPOINT, this.timer, 3, 5_000, new RecentTimeouts(16),
			this.stats, this.removals::incrementAndGet);

	@Test
	void replyCompletesTheCallWithItsGuidAndNoOther() {
		PendingCall first = this.calls.register(Guid.random(), CallMode.SYNC, 1_000);
		PendingCall second = this.calls.register(Guid.random(), CallMode.SYNC, 1_000);
		InboundReply reply = reply(MessageType.RESPONSE, second.guid(), DoraCodes.OK);
		assertThat(this.calls.complete(reply)).isTrue();
		assertThat(second.reply()).isCompletedWithValue(reply);
		assertThat(first.reply()).isNotDone();
		assertThat(this.calls.size()).isEqualTo(1);
		assertThat(this.removals).hasValue(1);
		assertThat(this.timer.pending()).isEqualTo(1);
	}

	@Test
	void replyWithAnUnknownGuidIsDroppedAndCounted() {
		this.calls.register(Guid.random(), CallMode.SYNC, 1_000);
		InboundReply stray = reply(MessageType.RESPONSE, Guid.random(), DoraCodes.OK);
		assertThat(this.calls.complete(stray)).isFalse();
		this.calls.dropped(stray);
		assertThat(this.stats.unknownReplies()).isEqualTo(1);
		assertThat(this.stats.lateReplies()).isZero();
		assertThat(this.calls.size()).isEqualTo(1);
	}

	@Test
	void timeoutFailsTheCallAndItsLateReplyIsCountedAsLate() {
		PendingCall call = this.calls.register(Guid.random(), CallMode.SYNC, 200);
		this.timer.advance(199, TimeUnit.MILLISECONDS);
		assertThat(call.reply()).isNotDone();
		this.timer.advance(1, TimeUnit.MILLISECONDS);
		assertThatThrownBy(call.reply()::join).hasCauseInstanceOf(ReplyTimeoutException.class)
			.hasMessageContaining("no reply from 10.0.0.1:9567 within 200 ms");
		assertThat(this.stats.timeouts()).isEqualTo(1);
		InboundReply late = reply(MessageType.RESPONSE, call.guid(), DoraCodes.OK);
		assertThat(this.calls.complete(late)).isFalse();
		this.calls.dropped(late);
		assertThat(this.stats.lateReplies()).isEqualTo(1);
		assertThat(this.calls.size()).isZero();
	}

	@Test
	void answeredCallCancelsItsTimeout() {
		PendingCall call = this.calls.register(Guid.random(), CallMode.SYNC, 200);
		this.calls.complete(reply(MessageType.RESPONSE, call.guid(), DoraCodes.OK));
		assertThat(this.timer.pending()).isZero();
		this.timer.advance(1, TimeUnit.SECONDS);
		assertThat(this.stats.timeouts()).isZero();
	}

	@Test
	void zeroTimeoutWaitsForever() {
		PendingCall call = this.calls.register(Guid.random(), CallMode.SYNC, 0);
		this.timer.advance(1, TimeUnit.DAYS);
		assertThat(call.reply()).isNotDone();
	}

	@Test
	void callsBeyondTheLimitAreRefusedUnregistered() {
		for (int i = 0; i < 3; i++) {
			this.calls.register(Guid.random(), CallMode.SYNC, 1_000);
		}
		PendingCall refused = this.calls.register(Guid.random(), CallMode.SYNC, 1_000);
		assertThatThrownBy(refused.reply()::join).hasCauseInstanceOf(TooManyPendingCallsException.class);
		assertThat(this.calls.size()).isEqualTo(3);
		assertThat(this.timer.pending()).isEqualTo(3);
	}

	@Test
	void guidAlreadyWaitingIsRefused() {
		Guid guid = Guid.random();
		PendingCall first = this.calls.register(guid, CallMode.SYNC, 1_000);
		PendingCall second = this.calls.register(guid, CallMode.SYNC, 1_000);
		assertThatThrownBy(second.reply()::join).cause()
			.isInstanceOfSatisfying(DoraConnectionException.class,
					(ex) -> assertThat(ex.getCode()).isEqualTo(DoraCodes.GUID_INVALID));
		assertThat(first.reply()).isNotDone();
		assertThat(this.calls.size()).isEqualTo(1);
	}

	@Test
	void asyncResultCallWaitsForItsResultAfterTheAcknowledgementWithTheResultTimeout() {
		PendingCall call = this.calls.register(Guid.random(), CallMode.ASYNC_RESULT, 200);
		InboundReply ack = reply(MessageType.RESPONSE, call.guid(), DoraCodes.ACCEPTED);
		assertThat(this.calls.complete(ack)).isTrue();
		assertThat(call.reply()).isCompletedWithValue(ack);
		assertThat(call.result()).isNotDone();
		assertThat(this.calls.size()).isEqualTo(1);
		// The acknowledgement's 200 ms no longer apply; the result has the 5 s result timeout.
		this.timer.advance(4_999, TimeUnit.MILLISECONDS);
		assertThat(call.result()).isNotDone();
		InboundReply result = reply(MessageType.ASYNC_RESULT, call.guid(), DoraCodes.OK);
		assertThat(this.calls.complete(result)).isTrue();
		assertThat(call.result()).isCompletedWithValue(result);
		assertThat(this.calls.size()).isZero();
	}

	@Test
	void asyncResultThatNeverComesTimesOutAsAResult() {
		PendingCall call = this.calls.register(Guid.random(), CallMode.ASYNC_RESULT, 200);
		this.calls.complete(reply(MessageType.RESPONSE, call.guid(), DoraCodes.ACCEPTED));
		this.timer.advance(5, TimeUnit.SECONDS);
		assertThatThrownBy(call.result()::join).hasCauseInstanceOf(ReplyTimeoutException.class)
			.hasMessageContaining("no result from");
	}

	@Test
	void asyncResultCallRefusedWithAnErrorCompletesBothFutures() {
		PendingCall call = this.calls.register(Guid.random(), CallMode.ASYNC_RESULT, 200);
		InboundReply busy = reply(MessageType.RESPONSE, call.guid(), DoraCodes.SERVER_BUSY);
		this.calls.complete(busy);
		assertThat(call.reply()).isCompletedWithValue(busy);
		assertThat(call.result()).isCompletedWithValue(busy);
		assertThat(this.calls.size()).isZero();
	}

	@Test
	void failAllFailsEveryWaitingCallWithItsOwnReason() {
		PendingCall written = this.calls.register(Guid.random(), CallMode.SYNC, 1_000);
		written.written();
		PendingCall unwritten = this.calls.register(Guid.random(), CallMode.SYNC, 1_000);
		this.calls.failAll((call) -> new ConnectionClosedException(ENDPOINT, call.wasWritten()));
		assertThat(closedCause(written.reply()).wasWritten()).isTrue();
		assertThat(closedCause(unwritten.reply()).wasWritten()).isFalse();
		assertThat(this.calls.size()).isZero();
		assertThat(this.timer.pending()).isZero();
		assertThat(this.removals).hasValue(2);
	}

	@Test
	void failByGuidFailsOnlyThatCall() {
		PendingCall named = this.calls.register(Guid.random(), CallMode.SYNC, 1_000);
		PendingCall other = this.calls.register(Guid.random(), CallMode.SYNC, 1_000);
		this.calls.fail(named.guid(), new DoraConnectionException(DoraCodes.MALFORMED, "bad frame"));
		assertThatThrownBy(named.reply()::join).hasMessageContaining("bad frame");
		assertThat(other.reply()).isNotDone();
		this.calls.fail(Guid.random(), new DoraConnectionException(DoraCodes.MALFORMED, "nobody"));
		assertThat(this.calls.size()).isEqualTo(1);
	}

	private static ConnectionClosedException closedCause(CompletableFuture<InboundReply> reply) {
		assertThat(reply).isCompletedExceptionally();
		Throwable cause = reply.handle((value, failure) -> failure).join();
		assertThat(cause).isInstanceOf(ConnectionClosedException.class);
		return (ConnectionClosedException) cause;
	}

	private static InboundReply reply(MessageType type, Guid guid, int code) {
		return new InboundReply(type, guid, new ReplyCodes(code, code), new byte[0], null, ENDPOINT);
	}

}
