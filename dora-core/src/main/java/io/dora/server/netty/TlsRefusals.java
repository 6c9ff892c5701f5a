package io.dora.server.netty;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Counts the connections whose TLS handshake the server refused and logs them at WARN, at most once per peer
 * address per interval, so that a client retrying with a bad certificate, or a scanner, cannot flood the log. The
 * line after a quiet interval says how many refusals of that peer were counted but not logged.
 */
final class TlsRefusals {

	/** Interval of the log lines about one peer. */
	static final Duration LOG_INTERVAL = Duration.ofMinutes(1);

	/** Peers remembered at once; beyond it, refusals of new peers are counted but not logged. */
	static final int MAX_PEERS = 4096;

	private static final Log logger = LogFactory.getLog(TlsRefusals.class);

	private final Map<InetAddress, Window> windows = new ConcurrentHashMap<>();

	private final LongAdder refused = new LongAdder();

	private final LongSupplier nanoClock;

	private final long intervalNanos;

	TlsRefusals() {
		this(System::nanoTime, LOG_INTERVAL);
	}

	TlsRefusals(LongSupplier nanoClock, Duration interval) {
		this.nanoClock = nanoClock;
		this.intervalNanos = interval.toNanos();
	}

	/** Handshakes refused since the server started. */
	long count() {
		return this.refused.sum();
	}

	/**
	 * Counts a refused handshake, and logs it unless this peer's was logged within the interval.
	 * @return whether it was logged
	 */
	boolean refused(SocketAddress peer, String reason) {
		this.refused.increment();
		InetAddress address = (peer instanceof InetSocketAddress inet) ? inet.getAddress() : null;
		long now = this.nanoClock.getAsLong();
		if (address == null) {
			logger.warn("Refused a TLS connection: " + reason);
			return true;
		}
		if (this.windows.size() >= MAX_PEERS) {
			this.windows.values().removeIf((window) -> now - window.start >= this.intervalNanos);
		}
		long[] suppressed = { -1 };
		this.windows.compute(address, (key, window) -> {
			if (window == null && this.windows.size() >= MAX_PEERS) {
				return null;
			}
			if (window == null || now - window.start >= this.intervalNanos) {
				suppressed[0] = (window != null) ? window.suppressed : 0;
				return new Window(now);
			}
			window.suppressed++;
			return window;
		});
		if (suppressed[0] < 0) {
			return false;
		}
		logger.warn("Refused a TLS connection from " + address.getHostAddress() + ": " + reason
				+ ((suppressed[0] > 0) ? " (" + suppressed[0] + " more refusals of this peer were not logged)" : "")
				+ "; further refusals of this peer are logged at most once per " + LOG_INTERVAL.toSeconds() + " s");
		return true;
	}

	/** The start of a peer's current log interval, and the refusals within it that were not logged. */
	private static final class Window {

		final long start;

		long suppressed;

		Window(long start) {
			this.start = start;
		}

	}

}
