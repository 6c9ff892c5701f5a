package io.dora.handler;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.dora.DoraException;
import io.dora.annotation.DoraApi;
import io.dora.protocol.ApiCall;
import io.dora.protocol.ApiResult;
import io.dora.protocol.CallMode;
import io.dora.protocol.DoraCodes;
import io.dora.protocol.DoraJsonCodec;
import io.dora.protocol.DoraProtocol;
import io.dora.protocol.Guid;
import io.dora.protocol.RequestEnvelope;
import io.dora.protocol.ResponseEnvelope;
import io.dora.test.ManualScheduler;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dispatcher that TCP and HTTP share, without a transport: requests go in as {@link DoraInbound}s, replies come
 * out of a recording sink, the business executor is a queue the test runs, and deadlines fire when the test moves
 * the scheduler's clock.
 */
class DoraDispatcherTests {

	private final JsonMapper mapper = JsonMapper.builder().build();

	private final DoraJsonCodec codec = new DoraJsonCodec(this.mapper);

	private final Handlers handlers = new Handlers();

	private final DoraApiRegistry registry = registry(this.handlers);

	private final DoraServerStats stats = new DoraServerStats();

	private final Queue<Runnable> businessTasks = new ArrayDeque<>();

	private final ManualScheduler scheduler = new ManualScheduler();

	private final InFlightLimiter limiter = new InFlightLimiter(2);

	private final DoraDispatcher dispatcher = dispatcher(this.businessTasks::add, new DoraControlCommands(true));

	@Test
	void singleCallRunsOnTheBusinessExecutorAndIsAnswered() {
		Sink sink = dispatch(CallMode.SYNC, single("/echo", "hello"));
		assertThat(sink.replies).isEmpty();
		assertThat(this.dispatcher.queued()).isEqualTo(1);
		runBusinessTasks();
		ApiResult<?> result = singleResult(sink.onlyReply());
		assertThat(result.code()).isZero();
		assertThat(result.data()).isEqualTo("hello");
		assertThat(this.dispatcher.inFlight()).isZero();
	}

	@Test
	void nonBlockingHandlerRunsOnTheTransportThread() {
		Sink sink = dispatch(CallMode.SYNC, single("/fast", "x"));
		assertThat(this.businessTasks).isEmpty();
		assertThat(singleResult(sink.onlyReply()).data()).isEqualTo("fast x");
	}

	@Test
	void unknownApiIsAnsweredAtTheApiLevelWithoutABusinessThread() {
		Sink sink = dispatch(CallMode.SYNC, single("/nowhere", null));
		assertThat(this.businessTasks).isEmpty();
		ResponseEnvelope<?> reply = sink.onlyReply();
		assertThat(reply.code()).isZero();
		assertThat(singleResult(reply).code()).isEqualTo(DoraCodes.API_NOT_FOUND);
	}

	@Test
	void handlerFailureKeepsItsCodeAndMessage() {
		Sink sink = dispatch(CallMode.SYNC, single("/fail", null));
		runBusinessTasks();
		ApiResult<?> result = singleResult(sink.onlyReply());
		assertThat(result.code()).isEqualTo(4242);
		assertThat(result.msg()).isEqualTo("custom failure");
	}

	@Test
	void fireAndForgetIsAcknowledgedBeforeItRunsAndThenRuns() {
		Sink sink = dispatch(CallMode.NO_RESULT, single("/echo", "later"));
		assertThat(sink.onlyReply().code()).isEqualTo(DoraCodes.ACCEPTED);
		assertThat(this.handlers.executions).hasValue(0);
		runBusinessTasks();
		assertThat(this.handlers.executions).hasValue(1);
		assertThat(sink.replies).hasSize(1);
		assertThat(sink.pushed).isEmpty();
	}

	@Test
	void asyncResultIsAcknowledgedThenPushed() {
		Sink sink = dispatch(CallMode.ASYNC_RESULT, single("/echo", "pushed"));
		assertThat(sink.onlyReply().code()).isEqualTo(DoraCodes.ACCEPTED);
		runBusinessTasks();
		assertThat(sink.pushed).singleElement()
			.satisfies((result) -> assertThat(singleResult(result).data()).isEqualTo("pushed"));
	}

	@Test
	void requestThatDoesNotFitIsAnsweredBusyAndNothingOfItRuns() {
		dispatch(CallMode.SYNC, single("/echo", "one"));
		dispatch(CallMode.SYNC, single("/echo", "two"));
		Sink refused = dispatch(CallMode.SYNC, single("/echo", "three"));
		assertThat(refused.onlyReply().code()).isEqualTo(DoraCodes.SERVER_BUSY);
		runBusinessTasks();
		assertThat(this.handlers.executions).hasValue(2);
	}

	@Test
	void multiApiEntriesAreAdmittedAllTogetherOrNotAtAll() {
		dispatch(CallMode.SYNC, single("/echo", "one"));
		Sink refused = dispatch(CallMode.SYNC, multi("/echo", "/echo"));
		assertThat(refused.onlyReply().code()).isEqualTo(DoraCodes.SERVER_BUSY);
		assertThat(this.dispatcher.inFlight()).isEqualTo(1);
	}

	@Test
	void entriesOfOneRequestOnTheBusinessExecutorShareOneTask() {
		Sink sink = dispatch(CallMode.SYNC, multi("/echo", "/echo"));
		assertThat(this.businessTasks).hasSize(1);
		assertThat(this.dispatcher.queued()).isEqualTo(2);
		runBusinessTasks();
		Map<?, ?> results = (Map<?, ?>) sink.onlyReply().data();
		assertThat(((ApiResult<?>) results.get("a")).data()).isEqualTo("a");
		assertThat(((ApiResult<?>) results.get("b")).data()).isEqualTo("b");
		assertThat(this.dispatcher.queued()).isZero();
		assertThat(this.dispatcher.inFlight()).isZero();
	}

	@Test
	void executorThatRejectsTheEntriesAnswersThemBusyAndRunsTheInlineOnes() {
		DoraDispatcher rejecting = dispatcher((task) -> {
			throw new RejectedExecutionException("full");
		}, new DoraControlCommands(true));
		Sink sink = new Sink();
		rejecting.dispatch(inbound(CallMode.SYNC, Guid.random(), 0, 0, multi("/echo", "/fast")), sink);
		Map<?, ?> results = (Map<?, ?>) sink.onlyReply().data();
		assertThat(((ApiResult<?>) results.get("a")).code()).isEqualTo(DoraCodes.SERVER_BUSY);
		assertThat(((ApiResult<?>) results.get("b")).data()).isEqualTo("fast b");
		assertThat(rejecting.inFlight()).isZero();
		assertThat(rejecting.queued()).isZero();
	}

	@Test
	void executorThatRejectsTheEntryAnswersItBusy() {
		DoraDispatcher rejecting = dispatcher((task) -> {
			throw new RejectedExecutionException("full");
		}, new DoraControlCommands(true));
		Sink sink = new Sink();
		rejecting.dispatch(inbound(CallMode.SYNC, Guid.random(), 0, 0, single("/echo", "x")), sink);
		assertThat(singleResult(sink.onlyReply()).code()).isEqualTo(DoraCodes.SERVER_BUSY);
		assertThat(rejecting.inFlight()).isZero();
	}

	@Test
	void multiApiCallAnswersAtItsDeadlineWithWhatFinished() {
		Guid guid = Guid.random();
		Sink sink = new Sink();
		this.dispatcher.dispatch(inbound(CallMode.SYNC, guid, 0, 1_000, multi("/fast", "/echo")), sink);
		assertThat(sink.replies).isEmpty();
		// A tenth of the timeout, at least 200 ms, is left for the reply to travel.
		this.scheduler.advance(799, TimeUnit.MILLISECONDS);
		assertThat(sink.replies).isEmpty();
		this.scheduler.advance(1, TimeUnit.MILLISECONDS);
		Map<?, ?> results = (Map<?, ?>) sink.onlyReply().data();
		assertThat(((ApiResult<?>) results.get("a")).data()).isEqualTo("fast a");
		assertThat(((ApiResult<?>) results.get("b")).code()).isEqualTo(DoraCodes.DEADLINE_EXCEEDED);
		runBusinessTasks();
		assertThat(sink.replies).hasSize(1);
	}

	@Test
	void multiApiCallThatFinishesInTimeCancelsItsDeadline() {
		Sink sink = new Sink();
		this.dispatcher.dispatch(inbound(CallMode.SYNC, Guid.random(), 0, 1_000, multi("/fast", "/echo")), sink);
		runBusinessTasks();
		assertThat(sink.onlyReply().code()).isZero();
		assertThat(this.scheduler.waiting()).isZero();
	}

	@Test
	void repeatedGuidThatAskedForDeduplicationGetsTheFirstOutcomeAndRunsOnce() {
		Guid guid = Guid.random();
		Sink first = new Sink();
		this.dispatcher.dispatch(inbound(CallMode.SYNC, guid, DoraProtocol.FLAG_DEDUPLICATE, 0, single("/echo", "x")),
				first);
		Sink repeat = new Sink();
		this.dispatcher.dispatch(inbound(CallMode.SYNC, guid, DoraProtocol.FLAG_DEDUPLICATE, 0, single("/echo", "x")),
				repeat);
		runBusinessTasks();
		assertThat(this.handlers.executions).hasValue(1);
		assertThat(repeat.onlyReply()).isSameAs(first.onlyReply());
	}

	@Test
	void bodyGuidThatIsNotTheHeaderGuidIsRefused() {
		Sink sink = new Sink();
		DoraInbound inbound = new DoraInbound(Guid.random(), CallMode.SYNC, 0, 0, System.nanoTime(),
				() -> new RequestEnvelope<>(Guid.random().toString(), "W_S", single("/echo", "x"), null));
		this.dispatcher.dispatch(inbound, sink);
		assertThat(sink.onlyReply().code()).isEqualTo(DoraCodes.GUID_INVALID);
		assertThat(this.businessTasks).isEmpty();
	}

	@Test
	void bodyTypeOfAnotherModeIsRefused() {
		Sink sink = new Sink();
		Guid guid = Guid.random();
		DoraInbound inbound = new DoraInbound(guid, CallMode.SYNC, 0, 0, System.nanoTime(),
				() -> new RequestEnvelope<>(guid.toString(), CallMode.NO_RESULT.typeString(false),
						single("/echo", "x"), null));
		this.dispatcher.dispatch(inbound, sink);
		assertThat(sink.onlyReply().code()).isEqualTo(DoraCodes.UNKNOWN_TYPE);
	}

	@Test
	void controlCommandReportsTheFiguresOfTheDispatcherThatRunsIt() {
		dispatch(CallMode.SYNC, single("/echo", "waiting"));
		Sink sink = new Sink();
		Map<String, ApiCall<JsonNode>> command = Map.of("cmd", new ApiCall<>("getStat", null));
		this.dispatcher.dispatch(new DoraInbound(Guid.random(), CallMode.CONTROL, 0, 0, System.nanoTime(),
				() -> new RequestEnvelope<>(null, null, command, null), true), sink);
		@SuppressWarnings("unchecked")
		Map<String, Object> server = (Map<String, Object>) ((Map<?, ?>) sink.onlyReply().data()).get("server");
		assertThat(server).containsEntry("in_flight", 1).containsEntry("queued", 1);
	}

	@Test
	void unauthenticatedControlCommandIsDenied() {
		Sink sink = new Sink();
		Map<String, ApiCall<JsonNode>> command = Map.of("cmd", new ApiCall<>("getStat", null));
		this.dispatcher.dispatch(new DoraInbound(Guid.random(), CallMode.CONTROL, 0, 0, System.nanoTime(),
				() -> new RequestEnvelope<>(null, null, command, null), false), sink);
		assertThat(sink.onlyReply().code()).isEqualTo(DoraCodes.COMMAND_DENIED);
	}

	@Test
	void afterShutdownEveryRequestIsAnsweredShuttingDownAndAdmittedWorkStillRuns() throws Exception {
		Sink admitted = dispatch(CallMode.NO_RESULT, single("/echo", "admitted"));
		Thread shutdown = new Thread(() -> {
			try {
				this.dispatcher.shutdown(Duration.ofSeconds(30));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		shutdown.start();
		io.dora.test.Await.until("the dispatcher stops accepting", () -> !this.dispatcher.isAccepting());
		Sink late = dispatch(CallMode.SYNC, single("/echo", "late"));
		assertThat(late.onlyReply().code()).isEqualTo(DoraCodes.SHUTTING_DOWN);
		assertThat(shutdown.isAlive()).isTrue();
		runBusinessTasks();
		shutdown.join(10_000);
		assertThat(shutdown.isAlive()).isFalse();
		assertThat(admitted.onlyReply().code()).isEqualTo(DoraCodes.ACCEPTED);
		assertThat(this.handlers.executions).hasValue(1);
	}

	private DoraDispatcher dispatcher(Executor executor, DoraControlCommands control) {
		return new DoraDispatcher(new DoraApiInvoker(this.registry, this.codec, this.stats), executor, this.limiter,
				this.scheduler, this.stats, control, new RecentCallCache(100, Duration.ofMinutes(1)), 8, true);
	}

	private Sink dispatch(CallMode mode, Map<String, ApiCall<JsonNode>> api) {
		Sink sink = new Sink();
		this.dispatcher.dispatch(inbound(mode, Guid.random(), 0, 0, api), sink);
		return sink;
	}

	private DoraInbound inbound(CallMode mode, Guid guid, int flags, int timeoutMillis,
			Map<String, ApiCall<JsonNode>> api) {
		boolean multi = !(api.size() == 1 && api.containsKey("one"));
		return new DoraInbound(guid, mode, flags, timeoutMillis, System.nanoTime(),
				() -> new RequestEnvelope<>(guid.toString(), mode.typeString(multi), api, null));
	}

	private Map<String, ApiCall<JsonNode>> single(String api, Object param) {
		return Map.of("one", new ApiCall<>(api, this.mapper.valueToTree(param)));
	}

	/** Entries keyed a, b, ... whose param is their key. */
	private Map<String, ApiCall<JsonNode>> multi(String... apis) {
		Map<String, ApiCall<JsonNode>> entries = new java.util.LinkedHashMap<>();
		for (int i = 0; i < apis.length; i++) {
			String key = String.valueOf((char) ('a' + i));
			entries.put(key, new ApiCall<>(apis[i], this.mapper.valueToTree(key)));
		}
		return entries;
	}

	private void runBusinessTasks() {
		Runnable task;
		while ((task = this.businessTasks.poll()) != null) {
			task.run();
		}
	}

	private static ApiResult<?> singleResult(ResponseEnvelope<?> reply) {
		assertThat(reply.data()).isInstanceOf(ApiResult.class);
		return (ApiResult<?>) reply.data();
	}

	private static DoraApiRegistry registry(Handlers handlers) {
		DoraApiRegistry registry = new DoraApiRegistry();
		ReflectionUtils.doWithMethods(Handlers.class, (method) -> {
			DoraApi api = AnnotatedElementUtils.findMergedAnnotation(method, DoraApi.class);
			registry.register(DoraApiMethod.forMethod(api.path(), "handlers", handlers, method, Handlers.class,
					api.nonBlocking()));
		}, (method) -> method.isAnnotationPresent(DoraApi.class));
		return registry;
	}

	/** Records what the dispatcher answers. */
	static final class Sink implements DoraReplySink {

		final List<ResponseEnvelope<?>> replies = new CopyOnWriteArrayList<>();

		final List<ResponseEnvelope<?>> pushed = new CopyOnWriteArrayList<>();

		ResponseEnvelope<?> onlyReply() {
			assertThat(this.replies).hasSize(1);
			return this.replies.get(0);
		}

		@Override
		public void reply(ResponseEnvelope<?> response) {
			this.replies.add(response);
		}

		@Override
		public boolean push(ResponseEnvelope<?> result) {
			this.pushed.add(result);
			return true;
		}

		@Override
		public String transport() {
			return "test";
		}

		@Override
		public String remoteAddress() {
			return "nowhere";
		}

	}

	public static class Handlers {

		final AtomicInteger executions = new AtomicInteger();

		@DoraApi("/echo")
		public Object echo(Object param) {
			this.executions.incrementAndGet();
			return param;
		}

		@DoraApi(path = "/fast", nonBlocking = true)
		public String fast(String param) {
			return "fast " + param;
		}

		@DoraApi("/fail")
		public Object fail() {
			throw new DoraException(4242, "custom failure");
		}

	}

}
