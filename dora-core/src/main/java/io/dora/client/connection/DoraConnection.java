package io.dora.client.connection;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.dora.discovery.DoraEndpoint;
import io.dora.netty.TlsFailures;
import io.dora.protocol.CallMode;
import io.dora.protocol.DoraBodyCodec;
import io.dora.protocol.DoraCodes;
import io.dora.protocol.DoraFrame;
import io.dora.protocol.DoraFrameError;
import io.dora.protocol.DoraJsonCodec;
import io.dora.protocol.DoraProtocol;
import io.dora.protocol.Guid;
import io.dora.protocol.MessageType;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.util.AttributeKey;
import io.netty.util.Timer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * One long-lived, multiplexed connection to a provider, over a channel whose pipeline ends in a
 * {@link DoraClientHandler}. Any number of calls are in flight at once, each matched to
 * its reply by guid in its {@link PendingCalls}. When the connection closes, every call still waiting on it fails
 * with 100012.
 * <p>
 * A connection on which the provider answered 100015, or sent its shutdown notice, is retired: the provider
 * executes nothing that arrives on it any more, so no new call is written to it (such calls go elsewhere, unsent),
 * and once its last call is answered the client closes it. The provider waits for that close, so no request is
 * cut off on its way.
 * <p>
 * Under TLS 1.3 a client's handshake completes before the provider has checked the client's certificate, so calls
 * are written before the provider has accepted the connection. A provider that refuses the certificate answers
 * with a TLS alert and closes: it never decrypted those calls, so a connection that ends in a TLS failure before
 * anything arrived from the provider fails its calls as not sent (100010), with the alert explained, and they may
 * go to another provider.
 * <p>
 * Requests are written in JSON until the provider proved that it reads the client's binary codec: the connection
 * sends a PING whose header names that codec. A provider that reads it answers PONG, and the connection writes in it
 * from then on; a provider of a version before the codec answers 100006, and the connection stays on JSON. No call
 * is ever sent in a codec the provider was not shown to read, so nothing needs resending.
 */
public final class DoraConnection {

	static final AttributeKey<DoraConnection> KEY = AttributeKey.valueOf(DoraConnection.class, "connection");

	private static final Log logger = LogFactory.getLog(DoraConnection.class);

	private final DoraEndpoint endpoint;

	private final Channel channel;

	private final PendingCalls pending;

	private final DoraJsonCodec codec;

	private final int maxFrameLength;

	/** Requests registered and not yet handed to the channel, in the order they were sent. */
	private final Queue<Outbound> outbound = new ConcurrentLinkedQueue<>();

	/** Whether a task to write {@link #outbound} is on its way to the event loop. */
	private final AtomicBoolean writeScheduled = new AtomicBoolean();

	private final Runnable writeOutbound = this::writeOutbound;

	private volatile boolean retiring;

	/** Whether a frame came from the provider: proof that it accepted the connection. Event loop only. */
	private boolean heardFromProvider;

	/** The TLS failure that ended the connection, if any. Event loop only. */
	private Throwable tlsFailure;

	/** The codec requests are written in: JSON until the provider answered the codec probe. */
	private volatile DoraBodyCodec requestCodec;

	/** The guid of the unanswered codec probe, and the codec it asked for. Event loop only. */
	private Guid codecProbe;

	private DoraBodyCodec probedCodec;

	/**
	 * @param endpoint the provider
	 * @param channel the connected channel
	 * @param timer runs the calls' timeout tasks
	 * @param codec reads the codes of replies
	 * @param stats counts timeouts and dropped replies
	 * @param recentTimeouts guids that timed out recently, shared by the client's connections
	 * @param settings the limits and timeouts of calls
	 */
	public DoraConnection(DoraEndpoint endpoint, Channel channel, Timer timer, DoraJsonCodec codec,
			DoraClientStats stats, RecentTimeouts recentTimeouts, DoraConnectionSettings settings) {
		this.endpoint = endpoint;
		this.channel = channel;
		// The channel's DoraClientHandler hands frames to the connection it finds here.
		channel.attr(KEY).set(this);
		this.codec = codec;
		this.requestCodec = codec.json();
		this.maxFrameLength = settings.maxFrameLength();
		this.pending = new PendingCalls(endpoint, timer, settings.maxPendingCalls(),
				settings.asyncResultTimeout().toMillis(), recentTimeouts, stats, this::closeIfRetiredAndIdle);
	}

	public DoraEndpoint endpoint() {
		return this.endpoint;
	}

	/** The codec to write requests in on this connection. */
	public DoraBodyCodec requestCodec() {
		return this.requestCodec;
	}

	/**
	 * Asks the provider whether it reads {@code preferred}: a PING with that codec in its header, which a provider
	 * reading it answers PONG and an older one 100006. Does nothing for JSON, which every provider reads. Runs on the
	 * connection's event loop, before the connection is handed to callers.
	 */
	void probeCodec(DoraBodyCodec preferred) {
		if (preferred.id() == this.requestCodec.id()) {
			return;
		}
		this.codecProbe = Guid.random();
		this.probedCodec = preferred;
		ByteBuf ping = this.channel.alloc().ioBuffer(DoraProtocol.HEADER_LENGTH);
		DoraFrame.writeHeader(ping, MessageType.PING, 0, preferred.id(), this.codecProbe, 0, 0, 0);
		this.channel.writeAndFlush(ping, this.channel.voidPromise());
	}

	/** Whether the frame answers the codec probe; if so, the connection now knows which codec to write. */
	private boolean answersCodecProbe(DoraFrame frame) {
		if (this.codecProbe == null || !this.codecProbe.equals(frame.guid())) {
			return false;
		}
		if (frame.type() == MessageType.PONG) {
			this.requestCodec = this.probedCodec;
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Dora provider " + this.endpoint + " does not read " + this.probedCodec
					+ " bodies; writing JSON to it");
		}
		this.codecProbe = null;
		return true;
	}

	/** Whether new calls may be written: open and not retired. */
	public boolean isActive() {
		return this.channel.isActive() && !this.retiring;
	}

	/** The provider said it is shutting down: write nothing more, close once nothing is pending. */
	public void retire() {
		this.retiring = true;
		closeIfRetiredAndIdle();
	}

	private void closeIfRetiredAndIdle() {
		if (this.retiring && this.pending.size() == 0) {
			this.channel.close();
		}
	}

	/** Calls waiting for a reply or a pushed result on this connection. */
	public int inFlight() {
		return this.pending.size();
	}

	/**
	 * Registers a call and writes its frame; the frame is released by the write. A call refused before it was
	 * written (the connection is retired, too many calls are pending, its guid is already waiting) comes back
	 * failed with a {@link DoraConnectionException}.
	 * @param timeoutMillis time to wait for the reply (for mode 2: for the acknowledgement); 0 waits forever
	 */
	public PendingCall send(Guid guid, CallMode mode, ByteBuf frame, long timeoutMillis) {
		if (this.retiring) {
			frame.release();
			return PendingCall.refused(guid, mode,
					new NotSentException(this.endpoint, new IllegalStateException("the provider is shutting down")));
		}
		PendingCall call = this.pending.register(guid, mode, timeoutMillis);
		if (call.reply().isDone()) {
			frame.release();
			return call;
		}
		this.outbound.add(new Outbound(call, frame));
		if (this.channel.eventLoop().inEventLoop()) {
			writeOutbound();
		}
		else if (this.writeScheduled.compareAndSet(false, true)) {
			try {
				this.channel.eventLoop().execute(this.writeOutbound);
			}
			catch (RejectedExecutionException ex) {
				failOutbound(ex);
			}
		}
		return call;
	}

	/**
	 * Writes every queued request and flushes once, on the event loop: callers that send faster than the socket
	 * takes their requests share one flush (one system call) and one wake-up of the event loop, instead of one each.
	 */
	private void writeOutbound() {
		this.writeScheduled.set(false);
		Outbound next;
		while ((next = this.outbound.poll()) != null) {
			PendingCall call = next.call();
			this.channel.write(next.frame()).addListener((future) -> {
				if (future.isSuccess()) {
					call.written();
				}
				else {
					this.pending.fail(call, notSent(future.cause()));
				}
			});
		}
		this.channel.flush();
	}

	/** The event loop is gone: nothing queued can be written. */
	private void failOutbound(Throwable cause) {
		Outbound next;
		while ((next = this.outbound.poll()) != null) {
			next.frame().release();
			this.pending.fail(next.call(), notSent(cause));
		}
	}

	/** Handles a frame from the provider; runs on the connection's event loop. */
	void onFrame(DoraFrame frame) {
		this.heardFromProvider = true;
		MessageType type = frame.type();
		if (answersCodecProbe(frame) || (type != MessageType.RESPONSE && type != MessageType.ASYNC_RESULT)) {
			return;
		}
		onReply(InboundReply.read(frame, this.endpoint, this.codec, this.maxFrameLength));
	}

	/**
	 * Handles a reply whose body is already Dora's JSON, as a provider of the original protocol's replies are once
	 * translated; runs on the connection's event loop.
	 * @param type {@link MessageType#RESPONSE}, or {@link MessageType#ASYNC_RESULT} for a pushed result
	 */
	void onJsonReply(MessageType type, Guid guid, byte[] json) {
		onReply(new InboundReply(type, guid, this.codec.readCodes(json), json, null, this.endpoint));
	}

	private void onReply(InboundReply reply) {
		if (this.pending.complete(reply)) {
			return;
		}
		if (isShutdownNotice(reply)) {
			retire();
			return;
		}
		this.pending.dropped(reply);
	}

	/** A provider that has drained says so with a 100015 reply to no call: the all-zero guid. */
	private static boolean isShutdownNotice(InboundReply reply) {
		return reply.type() == MessageType.RESPONSE && reply.guid().isZero()
				&& reply.code() == DoraCodes.SHUTTING_DOWN;
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
			this.pending.fail(guid, new DoraConnectionException(code, message));
		}
		if (fatal) {
			this.channel.close();
		}
	}

	/** A reply whose guid is not one this client makes, so it can answer no call: dropped and counted. */
	void onUnroutableReply(String guid) {
		this.pending.unroutable(guid);
	}

	/** The TLS engine failed on this connection; it is about to close. Runs on the event loop. */
	void onTlsFailure(Throwable failure) {
		if (this.tlsFailure == null) {
			this.tlsFailure = failure;
		}
	}

	/**
	 * Fails every call still waiting; they can no longer be answered. When a TLS failure ended the connection
	 * before the provider sent anything, the provider refused the handshake and read none of them.
	 */
	void onClosed() {
		if (refusedByProvider()) {
			this.pending.failAll((call) -> notSent(this.tlsFailure));
			return;
		}
		this.pending.failAll((call) -> new ConnectionClosedException(this.endpoint, call.wasWritten()));
	}

	private boolean refusedByProvider() {
		return this.tlsFailure != null && !this.heardFromProvider;
	}

	/**
	 * A call that did not leave, explained by the TLS failure when there was one: Netty's TLS handler fails the
	 * writes it holds with the engine's failure before it reports that failure to the pipeline.
	 */
	private NotSentException notSent(Throwable cause) {
		Throwable tls = (this.tlsFailure != null) ? this.tlsFailure : (TlsFailures.find(cause) != null) ? cause : null;
		if (tls != null) {
			return new NotSentException(this.endpoint, TlsFailures.seenByClient(tls, this.endpoint.host()), tls);
		}
		return new NotSentException(this.endpoint, cause);
	}

	/** Closes the connection; calls still waiting fail with 100012. */
	public ChannelFuture close() {
		return this.channel.close();
	}

	@Override
	public String toString() {
		return "DoraConnection[" + this.endpoint + ", " + this.channel.id() + "]";
	}

	/** A registered call and its request frame, queued for the event loop. */
	private record Outbound(PendingCall call, ByteBuf frame) {

	}

}
