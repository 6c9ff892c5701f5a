package io.dora.client.connection;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.dora.discovery.DoraEndpoint;
import io.dora.protocol.CallMode;
import io.dora.protocol.DoraCodes;
import io.dora.protocol.Guid;
import io.dora.protocol.MessageType;
import io.netty.util.Timer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The calls waiting on one connection, by guid, as {@code ReplyingKafkaTemplate} and {@code AsyncRabbitTemplate}
 * keep theirs: each is registered before its request is written, then completed by the reply carrying its guid, or
 * failed by its timeout task, an error frame naming it, or the connection closing. A reply whose guid matches no
 * waiting call is dropped and counted, never handed to another caller. The calls waiting are bounded: beyond the
 * limit a call is refused unsent, so a caller faster than the provider cannot pile up calls without end.
 * <p>
 * A mode 2 call stays registered after its acknowledgement, with a new timeout, until its result is pushed.
 */
final class PendingCalls {

	private static final Log logger = LogFactory.getLog(PendingCalls.class);

	private final DoraEndpoint endpoint;

	private final Timer timer;

	private final int maxPendingCalls;

	private final long resultTimeoutMillis;

	private final RecentTimeouts recentTimeouts;

	private final DoraClientStats stats;

	private final Runnable afterRemoval;

	private final Map<Guid, PendingCall> calls = new ConcurrentHashMap<>();

	/** Calls in {@link #calls}, counted apart so that the limit holds exactly under concurrent registrations. */
	private final AtomicInteger count = new AtomicInteger();

	/**
	 * @param endpoint the provider at the other end, for messages
	 * @param timer runs the timeout tasks
	 * @param maxPendingCalls calls beyond this number are refused
	 * @param resultTimeoutMillis time a mode 2 call waits for its result after the acknowledgement; 0 forever
	 * @param recentTimeouts remembers timed-out guids, to tell late replies from unknown ones
	 * @param stats counts timeouts and dropped replies
	 * @param afterRemoval runs after a call left, on the thread that removed it
	 */
	PendingCalls(DoraEndpoint endpoint, Timer timer, int maxPendingCalls, long resultTimeoutMillis,
			RecentTimeouts recentTimeouts, DoraClientStats stats, Runnable afterRemoval) {
		this.endpoint = endpoint;
		this.timer = timer;
		this.maxPendingCalls = maxPendingCalls;
		this.resultTimeoutMillis = resultTimeoutMillis;
		this.recentTimeouts = recentTimeouts;
		this.stats = stats;
		this.afterRemoval = afterRemoval;
	}

	/**
	 * Registers a call before its request is written. A call that cannot be registered comes back already failed:
	 * with {@link TooManyPendingCallsException} beyond the limit, or with 100008 when its guid is already waiting.
	 * @param timeoutMillis time to wait for the reply (for mode 2: for the acknowledgement); 0 waits forever
	 */
	public PendingCall register(Guid guid, CallMode mode, long timeoutMillis) {
		if (this.count.incrementAndGet() > this.maxPendingCalls) {
			this.count.decrementAndGet();
			return PendingCall.refused(guid, mode, new TooManyPendingCallsException(this.endpoint, this.maxPendingCalls));
		}
		PendingCall call = new PendingCall(guid, mode);
		if (this.calls.putIfAbsent(guid, call) != null) {
			this.count.decrementAndGet();
			return PendingCall.refused(guid, mode,
					new DoraConnectionException(DoraCodes.GUID_INVALID, "guid " + guid + " is already in flight"));
		}
		scheduleTimeout(call, timeoutMillis);
		return call;
	}

	private void scheduleTimeout(PendingCall call, long timeoutMillis) {
		if (timeoutMillis > 0) {
			call.timeout(this.timer.newTimeout((timeout) -> timedOut(call, timeoutMillis), timeoutMillis,
					TimeUnit.MILLISECONDS));
		}
	}

	private void timedOut(PendingCall call, long timeoutMillis) {
		if (remove(call)) {
			this.recentTimeouts.add(call.guid());
			this.stats.timeout();
			String what = (call.mode() == CallMode.ASYNC_RESULT && call.reply().isDone()) ? "result" : "reply";
			call.fail(new ReplyTimeoutException("no " + what + " from " + this.endpoint + " within " + timeoutMillis
					+ " ms (guid " + call.guid() + ")"));
		}
	}

	/**
	 * Hands a reply to the call waiting for its guid.
	 * @return whether a call was waiting for it; if not, the caller decides what the reply is (see
	 * {@link #dropped(InboundReply)})
	 */
	public boolean complete(InboundReply reply) {
		PendingCall call = this.calls.get(reply.guid());
		if (call == null) {
			return false;
		}
		if (reply.type() == MessageType.ASYNC_RESULT) {
			if (remove(call) && call.result() != null) {
				call.cancelTimeout();
				call.result().complete(reply);
			}
			return true;
		}
		if (call.mode() == CallMode.ASYNC_RESULT && reply.code() == DoraCodes.ACCEPTED) {
			// Acknowledged: now wait for the pushed result.
			call.cancelTimeout();
			scheduleTimeout(call, this.resultTimeoutMillis);
			call.reply().complete(reply);
			return true;
		}
		if (remove(call)) {
			call.cancelTimeout();
			call.reply().complete(reply);
			if (call.result() != null) {
				call.result().complete(reply);
			}
		}
		return true;
	}

	/** Counts a reply no call was waiting for: late (its call timed out recently) or unknown. */
	public void dropped(InboundReply reply) {
		if (this.recentTimeouts.contains(reply.guid())) {
			this.stats.lateReply();
			if (logger.isDebugEnabled()) {
				logger.debug("Dropped late " + reply.type() + " from " + this.endpoint + " for timed-out guid "
						+ reply.guid());
			}
		}
		else {
			this.stats.unknownReply();
			if (logger.isDebugEnabled()) {
				logger.debug("Dropped " + reply.type() + " from " + this.endpoint + " with unknown guid "
						+ reply.guid());
			}
		}
	}

	/** Counts a reply whose guid is not one this client makes (32 hex characters), so that no call can be its. */
	public void unroutable(String guid) {
		this.stats.unknownReply();
		if (logger.isDebugEnabled()) {
			logger.debug("Dropped reply from " + this.endpoint + " with foreign guid '" + guid + "'");
		}
	}

	/** Fails the call waiting for {@code guid}, if there is one. */
	public void fail(Guid guid, Throwable failure) {
		PendingCall call = this.calls.get(guid);
		if (call != null && remove(call)) {
			call.fail(failure);
		}
	}

	/** Fails {@code call} with {@code failure} if it is still waiting, for example because its write failed. */
	public void fail(PendingCall call, Throwable failure) {
		if (remove(call)) {
			call.fail(failure);
		}
	}

	/** Fails every call still waiting, each with the failure {@code reason} gives for it. */
	public void failAll(Function<PendingCall, Throwable> reason) {
		for (PendingCall call : this.calls.values()) {
			if (remove(call)) {
				call.fail(reason.apply(call));
			}
		}
	}

	/** Calls waiting for a reply or a pushed result. */
	public int size() {
		return this.count.get();
	}

	private boolean remove(PendingCall call) {
		if (this.calls.remove(call.guid(), call)) {
			this.count.decrementAndGet();
			this.afterRemoval.run();
			return true;
		}
		return false;
	}

}
