package io.dora.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.dora.DoraException;
import io.dora.client.connection.DoraConnectionManager;
import io.dora.discovery.DoraEndpoint;
import io.dora.protocol.DoraCodes;
import io.dora.protocol.DoraProtocol;
import io.dora.protocol.Guid;
import io.dora.protocol.MessageType;
import io.dora.test.Await;
import io.dora.test.DoraTestApplications;
import io.dora.test.DoraTestContexts;
import io.dora.test.ProviderProcess;
import io.dora.test.RawDoraSocket;
import io.dora.test.RawFrames;
import io.dora.test.TestHandlers;
import io.dora.test.TestHandlers.User;
import io.dora.test.TestHandlers.UserQuery;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Pipelined calls ({@code sendAsync}, {@code submitAsync}) over real sockets: many acknowledgements in flight on one
 * connection, bounded by the client's window, every future completed with a result or a code.
 */
class PipelinedCallsTests {

	/**
	 * These tests load the provider with a full window of calls on a machine that may be busy with other work; what
	 * they check is that every call is executed once, not how fast.
	 */
	private static final String PATIENT = "dora.client.timeout=30s";

	@Test
	void hundredThousandPipelinedFireAndForgetCallsAreEachExecutedExactlyOnce() {
		int calls = 100_000;
		DoraTestContexts.provider()
			.withPropertyValues("dora.server.queue-capacity=" + calls)
			.run((provider) -> DoraTestContexts.runner().withPropertyValues(PATIENT).run((consumer) -> {
				TestHandlers handlers = provider.getBean(TestHandlers.class);
				String address = "127.0.0.1:" + DoraTestContexts.port(provider);
				DoraTemplate dora = consumer.getBean(DoraTemplate.class).withAddress(address);
				List<CompletableFuture<DoraAck>> acknowledgements = new ArrayList<>(calls);
				for (int i = 0; i < calls; i++) {
					acknowledgements.add(dora.sendAsync("/count", "call-" + i));
				}
				CompletableFuture.allOf(acknowledgements.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
				assertThat(acknowledgements).allSatisfy((ack) -> assertThat(ack.join()).isSameAs(DoraAck.ACCEPTED));
				Await.until("every acknowledged call executed", Duration.ofMinutes(1),
						() -> handlers.executions.size() == calls, () -> handlers.executions.size() + " executed");
				assertThat(handlers.executions.values().stream().filter((count) -> count.get() != 1).count())
					.as("calls executed other than once")
					.isZero();
			}));
	}

	@Test
	void pipelinedSubmitsAreCollectedLaterWithTheirOwnResults() {
		DoraTestContexts.provider().run((provider) -> DoraTestContexts.runner().withPropertyValues(PATIENT).run((consumer) -> {
			DoraTemplate dora = consumer.getBean(DoraTemplate.class)
				.withAddress("127.0.0.1:" + DoraTestContexts.port(provider));
			int calls = 1_000;
			Map<String, Long> idByGuid = new HashMap<>();
			List<DoraAsyncCall<User>> handles = new ArrayList<>();
			for (long id = 0; id < calls; id++) {
				DoraAsyncCall<User> call = dora.submitAsync("/user/get", new UserQuery(id), User.class);
				idByGuid.put(call.getGuid(), id);
				handles.add(call);
			}
			CompletableFuture.allOf(handles.stream().map(DoraAsyncCall::acknowledged).toArray(CompletableFuture[]::new))
				.get(1, TimeUnit.MINUTES);
			Map<String, DoraResponse> results = dora.collectAsyncResults(Duration.ofSeconds(30));
			assertThat(results).hasSize(calls).containsOnlyKeys(idByGuid.keySet());
			results.forEach((guid, response) -> {
				assertThat(response.isOk()).as(guid).isTrue();
				assertThat(((Map<?, ?>) response.getResult().getData()).get("id")).as(guid)
					.isEqualTo(idByGuid.get(guid).intValue());
			});
			assertThat(handles).allSatisfy((call) -> assertThat(call.future().join().id())
				.isEqualTo(idByGuid.get(call.getGuid())));
		}));
	}

	@Test
	void fullWindowRefusesAtOnceWith100024AndSendsNothing() throws Exception {
		try (SilentProvider silent = new SilentProvider()) {
			DoraTestContexts.runner()
				.withPropertyValues("dora.client.pipeline.window=4", "dora.client.pipeline.window-wait=0",
						"dora.client.timeout=30s")
				.run((consumer) -> {
					DoraTemplate dora = consumer.getBean(DoraTemplate.class).withAddress(silent.address());
					List<CompletableFuture<DoraAck>> held = new ArrayList<>();
					for (int i = 0; i < 4; i++) {
						held.add(dora.sendAsync("/count", "held-" + i));
					}
					DoraAsyncCall<Integer> refusedSubmit = dora.submitAsync("/count", "one too many", Integer.class);
					CompletableFuture<DoraAck> refusedSend = dora.sendAsync("/count", "one too many");

					assertThat(held).noneMatch(CompletableFuture::isDone);
					assertCode(refusedSend, DoraCodes.TOO_MANY_PENDING);
					assertCode(refusedSubmit.acknowledged(), DoraCodes.TOO_MANY_PENDING);
					assertCode(refusedSubmit.future(), DoraCodes.TOO_MANY_PENDING);
					assertThat(dora.collectAsyncResults(Duration.ZERO).get(refusedSubmit.getGuid()).getCode())
						.isEqualTo(DoraCodes.TOO_MANY_PENDING);
					// Only the four in the window reach the connection, once it is open.
					DoraConnectionManager connections = consumer.getBean(DoraConnectionManager.class);
					Await.until("the held calls written",
							() -> connections.inFlight(DoraEndpoint.parse(silent.address())) == 4);
					assertThat(dora.sendAsync("/count", "still one too many")).isCompletedExceptionally();
					assertThat(connections.inFlight(DoraEndpoint.parse(silent.address()))).isEqualTo(4);
				});
		}
	}

	@Test
	void fullWindowHoldsTheCallerUntilAPlaceComesFree() throws Exception {
		try (SilentProvider silent = new SilentProvider()) {
			DoraTestContexts.runner()
				.withPropertyValues("dora.client.pipeline.window=2", "dora.client.pipeline.window-wait=1m",
						"dora.client.timeout=500ms")
				.run((consumer) -> {
					DoraTemplate dora = consumer.getBean(DoraTemplate.class).withAddress(silent.address());
					CompletableFuture<DoraAck> first = dora.sendAsync("/count", "first");
					CompletableFuture<DoraAck> second = dora.sendAsync("/count", "second");
					// The window is full: this returns only once a place came free, when a call above timed out.
					CompletableFuture<DoraAck> third = dora.sendAsync("/count", "third");
					assertThat(first.isDone() || second.isDone()).isTrue();
					for (CompletableFuture<DoraAck> call : List.of(first, second, third)) {
						assertCode(call, DoraCodes.TIMEOUT);
					}
				});
		}
	}

	@Test
	void aCallerAnsweredAtOnceFindsItsPlaceInTheWindowFreeAgain() {
		DoraTestContexts.provider().run((provider) -> DoraTestContexts.runner()
			.withPropertyValues(PATIENT, "dora.client.pipeline.window=1", "dora.client.pipeline.window-wait=0")
			.run((consumer) -> {
				TestHandlers handlers = provider.getBean(TestHandlers.class);
				DoraTemplate dora = consumer.getBean(DoraTemplate.class)
					.withAddress("127.0.0.1:" + DoraTestContexts.port(provider));
				for (int i = 0; i < 50; i++) {
					String next = "next-" + i;
					// Sent from the acknowledgement's own callback: the window of one must have its place back.
					CompletableFuture<DoraAck> chained = dora.sendAsync("/count", "first-" + i)
						.thenCompose((ack) -> dora.sendAsync("/count", next));
					assertThat(chained.get(1, TimeUnit.MINUTES)).isSameAs(DoraAck.ACCEPTED);
				}
				Await.until("every call executed", () -> handlers.executions.size() == 100);
			}));
	}

	@Test
	void anAcknowledgementIsAcceptedOnlyForTheGuidOfItsCall() throws Exception {
		String canonical = "{\"guid\":\"%s\",\"code\":100001,\"msg\":\"transfer success\",\"data\":null}";
		// The provider's own bytes, but another call's guid in the body: never taken for this call's acknowledgement.
		try (ScriptedProvider provider = new ScriptedProvider((guid) -> canonical.formatted(Guid.random()))) {
			DoraTestContexts.runner().withPropertyValues(PATIENT).run((consumer) -> {
				DoraTemplate dora = consumer.getBean(DoraTemplate.class).withAddress(provider.address());
				assertCode(dora.sendAsync("/count", "x"), DoraCodes.REPLY_GUID_MISMATCH);
				assertThatThrownBy(() -> dora.send("/count", "x")).isInstanceOfSatisfying(DoraException.class,
						(ex) -> assertThat(ex.getCode()).isEqualTo(DoraCodes.REPLY_GUID_MISMATCH));
			});
		}
		// The provider's own bytes, and the same reply written another way (another version, another writer).
		for (String body : List.of(canonical, "{\"code\":100001,\"guid\":\"%s\",\"msg\":\"accepted\"}")) {
			try (ScriptedProvider provider = new ScriptedProvider((guid) -> body.formatted(guid))) {
				DoraTestContexts.runner().withPropertyValues(PATIENT).run((consumer) -> {
					DoraTemplate dora = consumer.getBean(DoraTemplate.class).withAddress(provider.address());
					assertThat(dora.sendAsync("/count", "x").get(1, TimeUnit.MINUTES)).as(body)
						.isSameAs(DoraAck.ACCEPTED);
					dora.send("/count", "x");
				});
			}
		}
	}

	@Test
	void providerKilledWithAFullWindowCompletesEveryFutureWithACode() throws Exception {
		try (ProviderProcess provider = ProviderProcess.start("pipelined-victim",
				List.of("dora.server.port=0", "dora.server.address=127.0.0.1", "dora.registry.enabled=false"))) {
			try (ConfigurableApplicationContext consumer = DoraTestApplications.run(
					DoraTestApplications.ConsumerApplication.class,
					List.of("dora.registry.enabled=false", "dora.client.pipeline.window=64",
							"dora.client.pipeline.window-wait=1m", "dora.client.timeout=1m"))) {
				DoraTemplate dora = DoraTestApplications.template(consumer).withAddress(provider.endpoint());
				// A first call opens the connection while the provider runs.
				assertThat(dora.sendAsync("/count", "warm-up").get(1, TimeUnit.MINUTES)).isSameAs(DoraAck.ACCEPTED);
				provider.suspend();
				List<CompletableFuture<?>> futures = new ArrayList<>();
				for (int i = 0; i < 32; i++) {
					futures.add(dora.sendAsync("/count", "send-" + i));
					DoraAsyncCall<Integer> submitted = dora.submitAsync("/count", "submit-" + i, Integer.class);
					futures.add(submitted.acknowledged());
					futures.add(submitted.future());
				}
				// The window is full: one more caller waits for a place.
				CompletableFuture<CompletableFuture<DoraAck>> waiting = CompletableFuture
					.supplyAsync(() -> dora.sendAsync("/count", "waiting"));
				Await.until("the window full", () -> consumer.getBean(DoraConnectionManager.class)
					.inFlight(DoraEndpoint.parse(provider.endpoint())) == 64);
				provider.kill();

				futures.add(waiting.get(1, TimeUnit.MINUTES));
				CompletableFuture.allOf(futures.stream().map((future) -> future.exceptionally((ex) -> null))
					.toArray(CompletableFuture[]::new)).get(1, TimeUnit.MINUTES);
				Map<Integer, Long> codes = futures.stream()
					.collect(Collectors.groupingBy(PipelinedCallsTests::code, Collectors.counting()));
				assertThat(codes.keySet()).as("codes " + codes)
					.isSubsetOf(DoraCodes.CONNECTION_CLOSED, DoraCodes.NO_PROVIDER);
				assertThat(codes.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(97);
				Map<String, DoraResponse> collected = dora.collectAsyncResults(Duration.ZERO);
				assertThat(collected).hasSize(32)
					.allSatisfy((guid, response) -> assertThat(response.getCode()).isEqualTo(DoraCodes.CONNECTION_CLOSED));
			}
		}
	}

	private static int code(CompletableFuture<?> future) {
		try {
			future.join();
			return DoraCodes.ACCEPTED;
		}
		catch (CompletionException ex) {
			return ((DoraException) ex.getCause()).getCode();
		}
	}

	private static void assertCode(CompletableFuture<?> future, int code) {
		assertThatThrownBy(() -> future.get(1, TimeUnit.MINUTES)).cause()
			.isInstanceOfSatisfying(DoraException.class, (ex) -> assertThat(ex.getCode()).isEqualTo(code));
	}

	/** A provider that answers every request with the JSON body a script gives for the request's guid. */
	private static final class ScriptedProvider implements AutoCloseable {

		private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());

		private final List<Socket> accepted = new CopyOnWriteArrayList<>();

		private final Function<Guid, String> script;

		ScriptedProvider(Function<Guid, String> script) throws IOException {
			this.script = script;
			Thread acceptor = new Thread(this::accept, "scripted-provider");
			acceptor.setDaemon(true);
			acceptor.start();
		}

		String address() {
			return "127.0.0.1:" + this.server.getLocalPort();
		}

		private void accept() {
			try {
				while (true) {
					Socket socket = this.server.accept();
					this.accepted.add(socket);
					Thread answerer = new Thread(() -> answer(socket), "scripted-provider-answerer");
					answerer.setDaemon(true);
					answerer.start();
				}
			}
			catch (IOException ex) {
				// Closed by the test.
			}
		}

		private void answer(Socket socket) {
			try (RawDoraSocket connection = new RawDoraSocket(socket)) {
				while (true) {
					RawDoraSocket.Frame request = connection.read();
					MessageType type = MessageType.fromCode(request.type());
					if (type != null && type.isRequest()) {
						connection.send(RawFrames.frame(MessageType.RESPONSE, 0, DoraProtocol.CODEC_JSON, request.guid(),
								new byte[0], this.script.apply(request.guid()).getBytes(StandardCharsets.UTF_8)));
					}
				}
			}
			catch (IOException ex) {
				// Closed by the test, or the client went away.
			}
		}

		@Override
		public void close() throws IOException {
			this.server.close();
			for (Socket socket : this.accepted) {
				socket.close();
			}
		}

	}

	/** A provider that accepts connections and reads every request, but never answers. */
	private static final class SilentProvider implements AutoCloseable {

		private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());

		private final List<Socket> accepted = new CopyOnWriteArrayList<>();

		private final Thread acceptor = new Thread(this::accept, "silent-provider");

		SilentProvider() throws IOException {
			this.acceptor.setDaemon(true);
			this.acceptor.start();
		}

		String address() {
			return "127.0.0.1:" + this.server.getLocalPort();
		}

		private void accept() {
			try {
				while (true) {
					Socket socket = this.server.accept();
					this.accepted.add(socket);
					Thread reader = new Thread(() -> drain(socket), "silent-provider-reader");
					reader.setDaemon(true);
					reader.start();
				}
			}
			catch (IOException ex) {
				// Closed by the test.
			}
		}

		private static void drain(Socket socket) {
			try (InputStream in = socket.getInputStream()) {
				in.transferTo(OutputStream.nullOutputStream());
			}
			catch (IOException ex) {
				// Closed by the test.
			}
		}

		@Override
		public void close() throws IOException {
			this.server.close();
			for (Socket socket : this.accepted) {
				socket.close();
			}
		}

	}

}
