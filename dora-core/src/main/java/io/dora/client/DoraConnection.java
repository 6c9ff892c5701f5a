package io.dora.client;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.dora.discovery.DoraEndpoint;
import io.dora.protocol.CallMode;
import io.dora.protocol.DoraCodes;
import io.dora.protocol.DoraFrame;
import io.dora.protocol.DoraFrameError;
import io.dora.protocol.DoraFrameWriter;
import io.dora.protocol.DoraJsonCodec;
import io.dora.protocol.Guid;
import io.dora.protocol.MessageType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import io.netty.util.Timer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * One long-lived, multiplexed connection to a provider. Any number of calls are in flight at once, each matched to
 * its reply by guid. A reply whose guid matches no waiting call is dropped and counted, never handed to another
 * caller. When the connection closes, every call still waiting on it fails with 100012. The calls waiting are
 * bounded: beyond the limit a call is refused unsent, so a caller faster than the provider cannot pile up calls
 * (and their frames) without end.
 * <p>
 * A connection on which the provider answered 100015, or sent its shutdown notice, is retired: the provider
 * executes nothing that arrives on it any more, so no new call is written to it (such calls go elsewhere, unsent),
 * and once its last call is answered the client closes it. The provider waits for that close, so no request is
 * cut off on its way.
 */
final class DoraConnection {

	static final AttributeKey<DoraConnection> KEY = AttributeKey.valueOf(DoraConnection.class, "connection");

	private static final Log logger = LogFactory.getLog(DoraConnection.class);

	private final DoraEndpoint endpoint;

	private final Channel channel;

	private final Map<Guid, PendingCall> pending = new ConcurrentHashMap<>();

	/** Calls in {@link #pending}, counted apart so that the limit holds exactly under concurrent sends. */
	private final AtomicInteger pendingCount = new AtomicInteger();

	private final int maxPendingCalls;

	private volatile boolean retiring;

	private final Timer timer;

	private final DoraJsonCodec codec;

	private final DoraClientStats stats;

	private final RecentTimeouts recentTimeouts;

	private final long resultTimeoutMillis;

	private final int maxFrameLength;

	DoraConnection(DoraEndpoint endpoint, Channel channel, Timer timer, DoraJsonCodec codec, DoraClientStats stats,
			RecentTimeouts recentTimeouts, long resultTimeoutMillis, int maxFrameLength, int maxPendingCalls) {
		this.endpoint = endpoint;
		this.channel = channel;
		this.timer = timer;
		this.codec = codec;
		this.stats = stats;
		this.recentTimeouts = recentTimeouts;
		this.resultTimeoutMillis = resultTimeoutMillis;
		this.maxFrameLength = maxFrameLength;
		this.maxPendingCalls = maxPendingCalls;
	}

	DoraEndpoint endpoint() {
		return this.endpoint;
	}

	Channel channel() {
		return this.channel;
	}

	/** Whether new calls may be written: open and not retired. */
	boolean isActive() {
		return this.channel.isActive() && !this.retiring;
	}

	/** The provider said it is shutting down: write nothing more, close once nothing is pending. */
	void retire() {
		this.retiring = true;
		closeIfRetiredAndIdle();
	}

	private void closeIfRetiredAndIdle() {
		if (this.retiring && this.pendingCount.get() == 0) {
			this.channel.close();
		}
	}

	/** Calls waiting for a reply or a pushed result on this connection. */
	int inFlight() {
		return this.pendingCount.get();
	}

	/**
	 * Registers the call and writes its frame; the frame is released by the write.
	 * @param timeoutMillis time to wait for the reply (for mode 2: for the acknowledgement); 0 waits forever
	 */
	void send(PendingCall call, ByteBuf frame, long timeoutMillis) {
		if (this.retiring) {
			frame.release();
			call.fail(new NotSentException(this.endpoint, new IllegalStateException("the provider is shutting down")));
			return;
		}
		if (this.pendingCount.incrementAndGet() > this.maxPendingCalls) {
			this.pendingCount.decrementAndGet();
			frame.release();
			call.fail(new TooManyPendingCallsException(this.endpoint, this.maxPendingCalls));
			return;
		}
		if (this.pending.putIfAbsent(call.guid, call) != null) {
			this.pendingCount.decrementAndGet();
			frame.release();
			call.fail(new DoraClientException(DoraCodes.GUID_INVALID, "guid " + call.guid + " is already in flight"));
			return;
		}
		if (timeoutMillis > 0) {
			call.timeout = this.timer.newTimeout((timeout) -> timedOut(call, timeoutMillis), timeoutMillis,
					TimeUnit.MILLISECONDS);
		}
		this.channel.writeAndFlush(frame).addListener((future) -> {
			if (future.isSuccess()) {
				call.written = true;
			}
			else if (remove(call)) {
				call.fail(new NotSentException(this.endpoint, future.cause()));
			}
		});
	}

	private void timedOut(PendingCall call, long timeoutMillis) {
		if (remove(call)) {
			this.recentTimeouts.add(call.guid);
			this.stats.timeout();
			String what = (call.mode == CallMode.ASYNC_RESULT && call.reply.isDone()) ? "result" : "reply";
			call.fail(new DoraTimeoutException("no " + what + " from " + this.endpoint + " within " + timeoutMillis
					+ " ms (guid " + call.guid + ")"));
		}
	}

	/** Handles a frame from the provider; runs on the connection's event loop. */
	void onFrame(DoraFrame frame) {
		MessageType type = frame.type();
		if (type != MessageType.RESPONSE && type != MessageType.ASYNC_RESULT) {
			return;
		}
		onReply(new InboundReply(type, frame.guid(), frame.flags(), ByteBufUtil.getBytes(frame.content()),
				this.endpoint));
	}

	/**
	 * Handles a reply or a pushed result, whichever protocol brought it; runs on the connection's event loop.
	 * @param reply a {@link MessageType#RESPONSE} or {@link MessageType#ASYNC_RESULT} with a JSON body
	 */
	void onReply(InboundReply reply) {
		MessageType type = reply.type();
		PendingCall call = this.pending.get(reply.guid());
		if (call == null) {
			if (isShutdownNotice(type, reply)) {
				retire();
				return;
			}
			dropped(reply.guid(), type);
			return;
		}
		if (type == MessageType.ASYNC_RESULT) {
			if (remove(call) && call.result != null) {
				call.cancelTimeout();
				call.result.complete(reply);
			}
			return;
		}
		if (call.mode == CallMode.ASYNC_RESULT && isAcknowledgement(reply)) {
			call.cancelTimeout();
			if (this.resultTimeoutMillis > 0) {
				call.timeout = this.timer.newTimeout((timeout) -> timedOut(call, this.resultTimeoutMillis),
						this.resultTimeoutMillis, TimeUnit.MILLISECONDS);
			}
			call.reply.complete(reply);
			return;
		}
		if (remove(call)) {
			call.cancelTimeout();
			call.reply.complete(reply);
			if (call.result != null) {
				call.result.complete(reply);
			}
		}
	}

	/** A provider that has drained says so with a 100015 reply to no call: the all-zero guid. */
	private boolean isShutdownNotice(MessageType type, InboundReply reply) {
		return type == MessageType.RESPONSE && reply.guid().isZero() && peekCode(reply) == DoraCodes.SHUTTING_DOWN;
	}

	private boolean isAcknowledgement(InboundReply reply) {
		return peekCode(reply) == DoraCodes.ACCEPTED;
	}

	private int peekCode(InboundReply reply) {
		try {
			return this.codec.peekCode(DoraFrameWriter.json(reply.body(), reply.flags(), this.maxFrameLength));
		}
		catch (RuntimeException ex) {
			return -1;
		}
	}

	/** A reply whose guid is not one this client makes, so it can answer no call: dropped and counted. */
	void onUnroutableReply(String guid) {
		this.stats.unknownReply();
		if (logger.isDebugEnabled()) {
			logger.debug("Dropped reply from " + this.endpoint + " with foreign guid '" + guid + "'");
		}
	}

	private void dropped(Guid guid, MessageType type) {
		if (this.recentTimeouts.contains(guid)) {
			this.stats.lateReply();
			if (logger.isDebugEnabled()) {
				logger.debug("Dropped late " + type + " from " + this.endpoint + " for timed-out guid " + guid);
			}
		}
		else {
			this.stats.unknownReply();
			if (logger.isDebugEnabled()) {
				logger.debug("Dropped " + type + " from " + this.endpoint + " with unknown guid " + guid);
			}
		}
	}

	/** A frame from the provider that could not be accepted: fail its call, if it names one. */
	void onFrameError(DoraFrameError error) {
		onError(error.code(), error.message(), error.guid(), error.fatal());
	}

	/**
	 * A frame from the provider that could not be read, whichever protocol brought it: fails its call, if it names
	 * one, and closes the connection when the stream can no longer be trusted.
	 * @param guid the call the frame names, or {@code null}
	 */
	void onError(int code, String message, Guid guid, boolean fatal) {
		logger.warn("Malformed frame from Dora provider " + this.endpoint + ": " + message);
		if (guid != null) {
			PendingCall call = this.pending.get(guid);
			if (call != null && remove(call)) {
				call.fail(new DoraClientException(code, message));
			}
		}
		if (fatal) {
			this.channel.close();
		}
	}

	private boolean remove(PendingCall call) {
		if (this.pending.remove(call.guid, call)) {
			this.pendingCount.decrementAndGet();
			closeIfRetiredAndIdle();
			return true;
		}
		return false;
	}

	/** Fails every call still waiting; they can no longer be answered. */
	void onClosed() {
		for (PendingCall call : this.pending.values()) {
			if (remove(call)) {
				call.fail(new ConnectionClosedException(this.endpoint, call.written));
			}
		}
	}

	void close() {
		this.channel.close();
	}

	@Override
	public String toString() {
		return "DoraConnection[" + this.endpoint + ", " + this.channel.id() + "]";
	}

}
