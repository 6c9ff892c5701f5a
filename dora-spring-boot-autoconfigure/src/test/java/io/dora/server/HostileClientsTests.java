package io.dora.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.dora.client.DoraResponse;
import io.dora.client.DoraTemplate;
import io.dora.protocol.DoraCodes;
import io.dora.protocol.DoraJsonCodec;
import io.dora.protocol.DoraProtocol;
import io.dora.protocol.Guid;
import io.dora.protocol.MessageType;
import io.dora.test.Await;
import io.dora.test.DoraTestContexts;
import io.dora.test.HeapHistogram;
import io.dora.test.LatencyRecorder;
import io.dora.test.ProviderProcess;
import io.dora.test.RawDoraSocket;
import io.dora.test.RawFrames;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile clients all at once against one provider, while well-behaved clients keep calling it: one declares a
 * 2 GiB frame, some send part of a frame and stop, one floods garbage, one floods requests and never reads the
 * replies, and 5 000 connections are opened and left idle. The provider runs in its own JVM so that its live heap
 * can be read with {@code jcmd} (after a full GC) without the test's sockets and leak detector in it.
 */
class HostileClientsTests {

	private static final String SECRET = "hostile-clients-test-secret-0123456789";

	private static final int IDLE_CONNECTIONS = 5_000;

	/** Room for the well-behaved and hostile connections next to the idle ones. */
	private static final int MAX_CONNECTIONS = IDLE_CONNECTIONS + 100;

	private static final Duration FRAME_READ_TIMEOUT = Duration.ofSeconds(1);

	/** The benchmark target for the heap an idle connection may cost the provider. */
	private static final long MAX_HEAP_PER_IDLE_CONNECTION = 4096;

	private static final int SLOW_CLIENTS = 24;

	/** What frames still arriving may hold, all connections together: room for three of the large ones. */
	private static final int MAX_BUFFERED_BYTES = 4 << 20;

	private static final int LARGE_FRAME = 1 << 20;

	private static final int LARGE_FRAME_CLIENTS = 16;

	private final DoraJsonCodec codec = new DoraJsonCodec(JsonMapper.builder().build());

	private final List<AutoCloseable> sockets = Collections.synchronizedList(new ArrayList<>());

	@Test
	void wellBehavedClientsAreServedWhileHostileClientsAttackAndIdleConnectionsCostLittleHeap() throws Exception {
		try (ProviderProcess provider = ProviderProcess.start("hostile-target", List.of("dora.server.port=0",
				"dora.server.address=127.0.0.1", "dora.registry.enabled=false", "dora.server.control.enabled=true",
				"dora.security.keys.k1=" + SECRET,
				"dora.server.frame-read-timeout=" + FRAME_READ_TIMEOUT.toMillis() + "ms",
				"dora.server.max-connections=" + MAX_CONNECTIONS,
				"dora.server.max-buffered-bytes=" + MAX_BUFFERED_BYTES + "B", "test.provider.name=hostile-target"))) {
			consumer().run((first) -> consumer().run((second) -> {
				DoraTemplate one = first.getBean(DoraTemplate.class).withAddress(provider.endpoint());
				DoraTemplate two = second.getBean(DoraTemplate.class).withAddress(provider.endpoint());
				attack(provider, List.of(one, two));
			}));
		}
		finally {
			closeAll(this.sockets);
		}
	}

	private static ApplicationContextRunner consumer() {
		return DoraTestContexts.runner().withPropertyValues("dora.security.keys.k1=" + SECRET);
	}

	private void attack(ProviderProcess provider, List<DoraTemplate> templates) throws Exception {
		int port = provider.port();
		warmUp(port, templates);
		HeapHistogram before = HeapHistogram.of(provider.pid());

		LatencyRecorder baseline = new LatencyRecorder("before the attack");
		LatencyRecorder underAttack = new LatencyRecorder("under attack");
		AtomicReference<LatencyRecorder> recording = new AtomicReference<>(baseline);
		List<String> failedCalls = Collections.synchronizedList(new ArrayList<>());
		AtomicBoolean stopCalling = new AtomicBoolean();
		AtomicBoolean stopAttacking = new AtomicBoolean();
		ExecutorService threads = Executors.newCachedThreadPool();
		try {
			List<Future<?>> callers = new ArrayList<>();
			for (DoraTemplate template : templates) {
				for (int i = 0; i < 2; i++) {
					callers.add(threads.submit(() -> callSteadily(template, recording, failedCalls, stopCalling)));
				}
			}
			Await.until("baseline calls", () -> baseline.count() >= 1000);
			recording.set(underAttack);

			Future<Integer> hugeFrames = threads.submit(() -> declareHugeFrames(port, stopAttacking));
			Future<Integer> garbage = threads.submit(() -> floodGarbage(port, stopAttacking));
			List<Future<List<Long>>> slow = new ArrayList<>();
			AtomicInteger slowRounds = new AtomicInteger();
			for (int i = 0; i < SLOW_CLIENTS; i++) {
				int variant = i % 3;
				slow.add(threads.submit(() -> stallMidFrame(port, variant, slowRounds, stopAttacking)));
			}
			Future<List<Integer>> largeFrames = threads.submit(() -> sendLargeFramesSlowly(port, stopAttacking));
			SocketChannel flooder = connect(port);
			Future<Long> flood = threads.submit(() -> floodWithoutReading(flooder, 16L << 20));
			Future<List<SocketChannel>> idle = threads.submit(() -> openIdle(port, IDLE_CONNECTIONS));

			// The attack lasts until every hostile client has done its worst at least a few times.
			idle.get(60, TimeUnit.SECONDS);
			long flooded = flood.get(60, TimeUnit.SECONDS);
			Await.until("two rounds of every slow client", Duration.ofSeconds(30),
					() -> slowRounds.get() >= 2 * SLOW_CLIENTS);
			Await.until("calls under attack", () -> underAttack.count() >= 200);
			stopCalling.set(true);
			stopAttacking.set(true);
			for (Future<?> caller : callers) {
				caller.get(30, TimeUnit.SECONDS);
			}
			int hugeFrameRounds = hugeFrames.get(30, TimeUnit.SECONDS);
			int garbageConnections = garbage.get(30, TimeUnit.SECONDS);
			List<Integer> largeFramesBuffered = largeFrames.get(30, TimeUnit.SECONDS);
			List<Long> stalls = new ArrayList<>();
			for (Future<List<Long>> client : slow) {
				stalls.addAll(client.get(30, TimeUnit.SECONDS));
			}

			// The flooder still holds its connection and has not read a single reply.
			HeapHistogram flooding = HeapHistogram.of(provider.pid());
			flooder.close();
			Await.until("only the idle and the well-behaved connections left",
					() -> openConnections(templates.get(0)) == IDLE_CONNECTIONS + templates.size());
			HeapHistogram idleHeld = HeapHistogram.of(provider.pid());

			int extras = refusedBeyondMaxConnections(port, templates.get(0));

			closeAll(this.sockets);
			Await.until("the idle connections closed",
					() -> openConnections(templates.get(0)) == templates.size());
			HeapHistogram after = HeapHistogram.of(provider.pid());

			String report = String.format(
					"%s%n%s%nhuge-frame rounds %d, garbage connections %d, slow-client rounds %d, flooded %,d bytes, "
							+ "large frames buffered per round %s%n"
							+ "heap before %s, flooding %s, %d idle %s, after %s%n"
							+ "per idle connection %,d bytes; growth:%s%n"
							+ "left after the attack:%s",
					baseline, underAttack, hugeFrameRounds, garbageConnections, stalls.size(), flooded,
					largeFramesBuffered, before,
					flooding, IDLE_CONNECTIONS, idleHeld, after,
					(idleHeld.totalBytes() - before.totalBytes()) / IDLE_CONNECTIONS, idleHeld.growthSince(before, 12),
					after.growthSince(before, 8));
			System.out.println(report);

			assertThat(failedCalls).as(report).isEmpty();
			assertLatencyHeld(baseline, underAttack, report);
			assertThat(stalls).as("slow clients are answered 100007 and closed after the frame read timeout")
				.allSatisfy((nanos) -> assertThat(Duration.ofNanos(nanos))
					.isBetween(FRAME_READ_TIMEOUT.minusMillis(20), FRAME_READ_TIMEOUT.plusSeconds(4)));
			assertThat(largeFramesBuffered).as("large frames held at once, the rest refused with 100014")
				.allSatisfy((held) -> assertThat(held).isLessThanOrEqualTo(MAX_BUFFERED_BYTES / LARGE_FRAME));
			assertThat(flooding.instances("io.netty.channel.ChannelOutboundBuffer$Entry"))
				.as("replies queued for a peer that reads none: " + report)
				.isLessThan(20_000);
			assertThat(flooding.totalBytes() - idleHeld.totalBytes()).as("heap held for the flooder: " + report)
				.isLessThan(16L << 20);
			assertThat((idleHeld.totalBytes() - before.totalBytes()) / IDLE_CONNECTIONS).as(report)
				.isLessThanOrEqualTo(MAX_HEAP_PER_IDLE_CONNECTION);
			// Every connection's objects go when it closes; what stays is the allocator's pool of buffers.
			for (String perConnection : List.of("io.netty.channel.epoll.EpollSocketChannel",
					"io.netty.channel.DefaultChannelHandlerContext", "io.dora.protocol.DoraFrameDecoder",
					"io.netty.handler.timeout.IdleStateHandler")) {
				assertThat(after.instances(perConnection)).as(perConnection + " left: " + report)
					.isEqualTo(before.instances(perConnection));
			}
			assertThat(after.totalBytes() - before.totalBytes()).as("heap left after the attack: " + report)
				.isLessThan(16L << 20);
			assertThat(extras).isEqualTo(50);
		}
		finally {
			stopCalling.set(true);
			stopAttacking.set(true);
			threads.shutdownNow();
			assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		}
	}

	/**
	 * Latency may suffer from the CPU the attackers take on two shared cores, but not beyond reason: a blocked
	 * event loop, a server buffering what it should refuse or a full heap shows as calls failing their 3 s timeout
	 * (asserted separately) or as percentiles in whole seconds. Seen on a loaded machine: p50 1.6 to 6 ms and p99 17
	 * to 350 ms under attack, against 4 to 9 ms and 20 to 80 ms before.
	 */
	private static void assertLatencyHeld(LatencyRecorder baseline, LatencyRecorder underAttack, String report) {
		Duration p50 = baseline.percentile(50);
		Duration p99 = baseline.percentile(99);
		assertThat(underAttack.percentile(50)).as(report)
			.isLessThanOrEqualTo(max(p50.multipliedBy(10), Duration.ofMillis(100)));
		assertThat(underAttack.percentile(99)).as(report)
			.isLessThanOrEqualTo(max(p99.multipliedBy(10), Duration.ofSeconds(1)));
	}

	private static Duration max(Duration a, Duration b) {
		return (a.compareTo(b) >= 0) ? a : b;
	}

	/** Loads the classes and warms the code that both the attack and the calls use, so the baseline is fair. */
	private void warmUp(int port, List<DoraTemplate> templates) throws Exception {
		for (DoraTemplate template : templates) {
			// The first calls to a fresh JVM can be slow on a loaded machine; they are not what is measured.
			DoraTemplate patient = template.withTimeout(Duration.ofSeconds(20));
			for (int i = 0; i < 300; i++) {
				patient.call("/echo", "warm-up " + i, String.class);
			}
		}
		AtomicBoolean once = new AtomicBoolean(true);
		declareHugeFrames(port, once);
		floodGarbage(port, once);
		stallMidFrame(port, 0, new AtomicInteger(), once);
	}

	private static void callSteadily(DoraTemplate template, AtomicReference<LatencyRecorder> recording,
			List<String> failures, AtomicBoolean stop) {
		Map<String, Object> param = Map.of("greeting", "hello", "numbers", List.of(1, 2, 3));
		while (!stop.get()) {
			long start = System.nanoTime();
			try {
				Object answer = template.call("/echo", param, Map.class);
				if (!param.equals(answer)) {
					failures.add("wrong answer " + answer);
				}
			}
			catch (RuntimeException ex) {
				failures.add(ex.toString());
			}
			recording.get().record(System.nanoTime() - start);
		}
	}

	/** Announces a 2 GiB body, again and again: each time answered 100016 with the frame's guid, then closed. */
	private int declareHugeFrames(int port, AtomicBoolean stop) throws IOException {
		int rounds = 0;
		do {
			try (RawDoraSocket socket = new RawDoraSocket(port)) {
				Guid guid = Guid.random();
				socket.send(RawFrames.header(DoraProtocol.VERSION, MessageType.CALL, guid, 1L << 31));
				RawDoraSocket.Frame reply = socket.read();
				assertThat(reply.guid()).isEqualTo(guid);
				assertThat(code(reply)).isEqualTo(DoraCodes.FRAME_TOO_LARGE);
				assertThat(socket.isClosedByPeer()).isTrue();
			}
			rounds++;
		}
		while (!stop.get());
		return rounds;
	}

	/**
	 * Opens connections and writes 64 KiB of random bytes on each, half of them behind the right magic so that
	 * random header fields are checked too; the server closes every one of them.
	 */
	private int floodGarbage(int port, AtomicBoolean stop) throws IOException {
		Random random = new Random(42);
		byte[] garbage = new byte[64 * 1024];
		int connections = 0;
		do {
			try (Socket socket = new Socket("127.0.0.1", port)) {
				socket.setSoTimeout(10_000);
				random.nextBytes(garbage);
				if (connections % 2 == 1) {
					garbage[0] = 'D';
					garbage[1] = 'R';
				}
				try {
					socket.getOutputStream().write(garbage);
					socket.getInputStream().readAllBytes();
				}
				catch (SocketException ex) {
					// Reset: the server closed with our garbage unread, as it should.
				}
			}
			connections++;
		}
		while (!stop.get());
		return connections;
	}

	/**
	 * Sends part of a frame and stops, round after round, and measures how long the server takes to answer 100007
	 * and close. Variants: a whole header and part of the body; part of a header; the header of a frame in another
	 * protocol version (answered 100018 and skipped) and part of its body.
	 */
	private List<Long> stallMidFrame(int port, int variant, AtomicInteger rounds, AtomicBoolean stop)
			throws IOException {
		List<Long> stalls = new ArrayList<>();
		do {
			try (RawDoraSocket socket = new RawDoraSocket(port)) {
				Guid guid = Guid.random();
				int version = (variant == 2) ? DoraProtocol.VERSION + 1 : DoraProtocol.VERSION;
				byte[] header = RawFrames.header(version, MessageType.CALL, guid, 100);
				byte[] partial = (variant == 1) ? Arrays.copyOf(header, 10) : Arrays.copyOf(header, header.length + 10);
				long start = System.nanoTime();
				socket.send(partial);
				RawDoraSocket.Frame reply = socket.read();
				if (variant == 2) {
					assertThat(code(reply)).isEqualTo(DoraCodes.UNSUPPORTED_VERSION);
					reply = socket.read();
				}
				long elapsed = System.nanoTime() - start;
				assertThat(code(reply)).isEqualTo(DoraCodes.FRAME_TRUNCATED);
				assertThat(reply.guid()).isEqualTo((variant == 1) ? Guid.ZERO : guid);
				assertThat(socket.isClosedByPeer()).isTrue();
				stalls.add(elapsed);
				rounds.incrementAndGet();
			}
		}
		while (!stop.get());
		return stalls;
	}

	/**
	 * Round after round, opens connections that each announce a 1 MiB frame, send 64 KiB of it and stop: a
	 * cheap way to make a server hold memory for as long as its frame read timeout. Those beyond the provider's
	 * {@code max-buffered-bytes} must be refused with 100014 at once; every one is closed at the timeout.
	 * @return per round, how many frames the provider held rather than refusing
	 */
	private List<Integer> sendLargeFramesSlowly(int port, AtomicBoolean stop) throws IOException {
		List<Integer> heldPerRound = new ArrayList<>();
		do {
			List<AutoCloseable> round = new ArrayList<>();
			int held = 0;
			try {
				List<RawDoraSocket> sockets = new ArrayList<>();
				for (int i = 0; i < LARGE_FRAME_CLIENTS; i++) {
					RawDoraSocket socket = new RawDoraSocket(port);
					round.add(socket);
					sockets.add(socket);
					socket.send(RawFrames.header(DoraProtocol.VERSION, MessageType.CALL, Guid.random(), LARGE_FRAME));
					socket.send(new byte[64 * 1024]);
				}
				for (RawDoraSocket socket : sockets) {
					int first = code(socket.read());
					if (first == DoraCodes.SERVER_BUSY) {
						first = code(socket.read());
					}
					else {
						held++;
					}
					assertThat(first).isEqualTo(DoraCodes.FRAME_TRUNCATED);
					assertThat(socket.isClosedByPeer()).isTrue();
				}
			}
			finally {
				closeAll(round);
			}
			heldPerRound.add(held);
		}
		while (!stop.get());
		return heldPerRound;
	}

	/**
	 * Writes small requests as fast as the server takes them and never reads a reply, until {@code maxBytes} are
	 * written or the server has taken nothing for a second.
	 * @return the bytes written
	 */
	private long floodWithoutReading(SocketChannel channel, long maxBytes) throws IOException {
		ByteBuffer frames = ByteBuffer.wrap(manyRequests(64 * 1024));
		long written = 0;
		channel.configureBlocking(false);
		try (Selector selector = Selector.open()) {
			channel.register(selector, SelectionKey.OP_WRITE);
			while (written < maxBytes && selector.select(1000) > 0) {
				selector.selectedKeys().clear();
				if (!frames.hasRemaining()) {
					frames.rewind();
				}
				written += channel.write(frames);
			}
		}
		return written;
	}

	/** Back-to-back request frames with an undecodable body. */
	private static byte[] manyRequests(int size) {
		byte[] body = "{\"api\": [1, 2".getBytes(StandardCharsets.UTF_8);
		byte[] frame = RawFrames.header(DoraProtocol.VERSION, MessageType.CALL, Guid.random(), body.length);
		ByteBuffer frames = ByteBuffer.allocate(size / (frame.length + body.length) * (frame.length + body.length));
		while (frames.hasRemaining()) {
			frames.put(frame).put(body);
		}
		return frames.array();
	}

	private List<SocketChannel> openIdle(int port, int count) throws IOException {
		List<SocketChannel> channels = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			channels.add(connect(port));
		}
		return channels;
	}

	private SocketChannel connect(int port) throws IOException {
		SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
		this.sockets.add(channel);
		return channel;
	}

	/**
	 * Opens 50 connections more than {@code dora.server.max-connections} leaves room for.
	 * @return how many of them the server closed at once
	 */
	private int refusedBeyondMaxConnections(int port, DoraTemplate template) throws IOException {
		int room = MAX_CONNECTIONS - openConnections(template);
		List<SocketChannel> extras = openIdle(port, room + 50);
		AtomicInteger closed = new AtomicInteger();
		try (Selector selector = Selector.open()) {
			for (SocketChannel extra : extras) {
				extra.configureBlocking(false);
				extra.register(selector, SelectionKey.OP_READ);
			}
			ByteBuffer buffer = ByteBuffer.allocate(64);
			Await.until("connections beyond the limit closed", Duration.ofSeconds(20), () -> {
				try {
					selector.select(100);
					for (SelectionKey key : selector.selectedKeys()) {
						buffer.clear();
						if (((SocketChannel) key.channel()).read(buffer) < 0) {
							key.cancel();
							closed.incrementAndGet();
						}
					}
					selector.selectedKeys().clear();
				}
				catch (IOException ex) {
					throw new IllegalStateException(ex);
				}
				return closed.get() >= 50;
			});
		}
		assertThat(openConnections(template)).isEqualTo(MAX_CONNECTIONS);
		return closed.get();
	}

	private static int openConnections(DoraTemplate template) {
		DoraResponse stats = template.withTimeout(Duration.ofSeconds(20)).command("getStat");
		assertThat(stats.getCode()).isZero();
		Map<?, ?> server = (Map<?, ?>) ((Map<?, ?>) stats.getResult().getData()).get("server");
		return ((Number) server.get("connection_num")).intValue();
	}

	private int code(RawDoraSocket.Frame frame) {
		return this.codec.readResponse(frame.body()).code();
	}

	private static void closeAll(List<AutoCloseable> closeables) {
		synchronized (closeables) {
			for (AutoCloseable closeable : closeables) {
				try {
					closeable.close();
				}
				catch (Exception ex) {
					// Closing is best effort.
				}
			}
			closeables.clear();
		}
	}

}
