package io.dora.handler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.dora.protocol.ApiCall;
import io.dora.protocol.ApiResult;
import io.dora.protocol.CallMode;
import io.dora.protocol.DoraCodes;
import io.dora.protocol.DoraProtocol;
import io.dora.protocol.DoraProtocolException;
import io.dora.protocol.Guid;
import io.dora.protocol.RequestEnvelope;
import io.dora.protocol.ResponseEnvelope;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.JsonNode;

/**
 * The one place where requests from every transport are admitted, decoded, validated and executed in their call
 * mode. TCP and HTTP therefore share codes, limits, executor, deduplication and shutdown behaviour.
 * <p>
 * Admission is bounded and never blocks: a request that finds the executor full is answered
 * {@link DoraCodes#SERVER_BUSY} at once and nothing of it runs. Entries of a multi-API request are admitted all
 * together or not at all; those on the business executor run concurrently, drained by as few workers as keep
 * them moving ({@link EntryDrain}). Modes 1 and 2 are acknowledged only once their work is admitted,
 * so an acknowledgement is a promise that the work will run, which graceful shutdown keeps. Decoding happens on the
 * transport's thread; handlers run on the business executor, except those declared
 * {@link io.dora.annotation.DoraApi#nonBlocking() non-blocking} and entries that name no handler, which run on the
 * transport's thread when {@code runNonBlockingInline} is set.
 */
public class DoraDispatcher {

	private static final Log logger = LogFactory.getLog(DoraDispatcher.class);

	/** The key of a single call's only entry. */
	private static final String SINGLE_KEY = "one";

	/** Least time left to the caller for the partial reply of a multi-API call to reach it. */
	private static final long MIN_REPLY_MARGIN_NANOS = 200_000_000L;

	private final DoraApiInvoker invoker;

	private final Executor executor;

	private final InFlightLimiter limiter;

	private final ScheduledExecutorService scheduler;

	private final DoraServerStats stats;

	private final DoraControlCommands control;

	private final RecentCallCache recentCalls;

	private final int maxApisPerRequest;

	private final boolean runNonBlockingInline;

	private final AtomicInteger queued = new AtomicInteger();

	private volatile boolean accepting = true;

	/**
	 * @param invoker runs single entries
	 * @param executor the business executor; handlers run only there
	 * @param limiter bounds the executions admitted at once
	 * @param scheduler fires the deadlines of multi-API calls; owned by the caller
	 * @param stats the provider's figures
	 * @param control the control commands
	 * @param recentCalls remembers outcomes for deduplicated retries
	 * @param maxApisPerRequest largest number of entries in one request
	 * @param runNonBlockingInline whether non-blocking handlers run on the transport's thread
	 */
	public DoraDispatcher(DoraApiInvoker invoker, Executor executor, InFlightLimiter limiter,
			ScheduledExecutorService scheduler, DoraServerStats stats, DoraControlCommands control,
			RecentCallCache recentCalls, int maxApisPerRequest, boolean runNonBlockingInline) {
		this.invoker = invoker;
		this.executor = executor;
		this.limiter = limiter;
		this.scheduler = scheduler;
		this.stats = stats;
		this.control = control;
		this.recentCalls = recentCalls;
		this.maxApisPerRequest = maxApisPerRequest;
		this.runNonBlockingInline = runNonBlockingInline;
	}

	public DoraApiRegistry registry() {
		return this.invoker.registry();
	}

	public DoraServerStats stats() {
		return this.stats;
	}

	/** Executions admitted and not yet finished. */
	public int inFlight() {
		return this.limiter.inFlight();
	}

	/** Executions admitted and waiting for a business thread. */
	public int queued() {
		return this.queued.get();
	}

	/** The {@code getStat} figures. */
	public Map<String, Object> statistics() {
		return this.stats.snapshot(inFlight(), queued());
	}

	public boolean isAccepting() {
		return this.accepting;
	}

	/**
	 * Handles one request. Decoding, validation and admission happen on the calling (transport) thread, so that
	 * errors, "busy" and the acknowledgements of modes 1 and 2 never wait for a business thread; the entries then
	 * run on the business executor and the reply goes to {@code sink} from whichever thread finishes.
	 */
	public void dispatch(DoraInbound inbound, DoraReplySink sink) {
		String guid = guidText(inbound.guid());
		if (!this.accepting) {
			this.stats.rejectedShuttingDown();
			sink.reply(ResponseEnvelope.status(guid, DoraCodes.SHUTTING_DOWN, DoraCodes.message(DoraCodes.SHUTTING_DOWN)));
			return;
		}
		try {
			RequestEnvelope<JsonNode> request = inbound.body().decode();
			Guid callGuid = checkGuid(inbound.guid(), request.guid());
			// A caller-chosen guid (HTTP) comes back exactly as it was sent.
			guid = (inbound.guid() != null) ? callGuid.toString() : request.guid();
			Map<String, ApiCall<JsonNode>> api = request.api();
			checkEntries(inbound.mode(), request.type(), api);
			if (inbound.mode() == CallMode.CONTROL) {
				sink.reply(this.control.execute(guid, api, inbound.authenticated(), this::statistics));
				return;
			}
			// Only a caller that waits has a deadline: acknowledged work (modes 1 and 2) is a promise to run it.
			long deadline = (inbound.mode() == CallMode.SYNC) ? inbound.deadlineNanos() : 0;
			RequestInfo info = new RequestInfo(guid, inbound.mode(), sink.transport(), sink.remoteAddress(),
					(request.meta() != null) ? request.meta() : Map.of(), deadline);
			if ((inbound.flags() & DoraProtocol.FLAG_DEDUPLICATE) != 0 && callGuid != null) {
				RecentCallCache.Claim claim = new RecentCallCache.Claim();
				CompletableFuture<ResponseEnvelope<?>> earlier = this.recentCalls.claim(callGuid, claim);
				if (earlier != null) {
					answerRepeated(inbound.mode(), guid, earlier, sink);
					return;
				}
				sink = new RememberingSink(sink, this.recentCalls, callGuid, claim, inbound.mode());
			}
			if (!this.limiter.tryAcquire(api.size())) {
				replyBusy(guid, sink);
				return;
			}
			execute(request, info, inbound, sink);
		}
		catch (DoraProtocolException ex) {
			this.stats.protocolError();
			sink.reply(ResponseEnvelope.status(guid, ex.code(), ex.getMessage()));
		}
		catch (RuntimeException ex) {
			logger.error("Dora request " + guid + " could not be dispatched", ex);
			sink.reply(ResponseEnvelope.status(guid, DoraCodes.HANDLER_ERROR, DoraCodes.message(DoraCodes.HANDLER_ERROR)));
		}
	}

	/**
	 * The call's guid. Over TCP the header guid is required and a body guid must equal it. A transport without a
	 * header guid (HTTP) takes the body's: 32 hex characters become a {@link Guid}; any other non-blank text up to
	 * 128 characters is kept as the caller's id (returned {@code null} here, so such calls are not deduplicated).
	 */
	private static Guid checkGuid(Guid headerGuid, String bodyGuid) {
		if (headerGuid == null) {
			if (bodyGuid == null || bodyGuid.isBlank() || bodyGuid.length() > 128) {
				throw new DoraProtocolException(DoraCodes.GUID_INVALID, "request has no usable guid");
			}
			return Guid.parseOrNull(bodyGuid);
		}
		if (headerGuid.isZero()) {
			throw new DoraProtocolException(DoraCodes.GUID_INVALID, "request has no guid");
		}
		// Clients write the header guid's own text: equal text spares parsing it (and the header guid's text is
		// made for the reply anyway).
		if (bodyGuid != null && !bodyGuid.equals(headerGuid.toString())
				&& !headerGuid.equals(Guid.parseOrNull(bodyGuid))) {
			throw new DoraProtocolException(DoraCodes.GUID_INVALID,
					"body guid '" + bodyGuid + "' is not the header guid " + headerGuid);
		}
		return headerGuid;
	}

	private void checkEntries(CallMode mode, String type, Map<String, ApiCall<JsonNode>> api) {
		if (type != null && !mode.accepts(type)) {
			throw new DoraProtocolException(DoraCodes.UNKNOWN_TYPE,
					"body type '" + type + "' does not match the " + mode + " request it came in");
		}
		if (api == null || api.isEmpty()) {
			throw new DoraProtocolException(DoraCodes.API_EMPTY, DoraCodes.message(DoraCodes.API_EMPTY));
		}
		if (mode != CallMode.CONTROL && type != null && type.endsWith("_S")
				&& !(api.size() == 1 && api.containsKey(SINGLE_KEY))) {
			throw new DoraProtocolException(DoraCodes.MALFORMED, "a single call (" + type
					+ ") holds exactly one api entry, under the key \"one\"; use the _M type for several entries");
		}
		if (api.size() > this.maxApisPerRequest) {
			throw new DoraProtocolException(DoraCodes.TOO_MANY_APIS, "request holds " + api.size()
					+ " apis; this provider accepts at most " + this.maxApisPerRequest);
		}
	}

	/**
	 * Runs the admitted entries (one admission each, already held): on the business executor, drained by as few
	 * workers as keep them moving ({@link EntryDrain}), or at once on this thread when the entry's handler is
	 * non-blocking or there is no handler to run.
	 */
	private void execute(RequestEnvelope<JsonNode> request, RequestInfo info, DoraInbound inbound,
			DoraReplySink sink) {
		List<String> keys = new ArrayList<>(request.api().keySet());
		boolean multi = isMulti(request);
		Consumer<ResponseEnvelope<?>> onFinish = switch (inbound.mode()) {
			case SYNC -> sink::reply;
			case ASYNC_RESULT -> (result) -> sink.push(result.asPushedResult());
			default -> (result) -> {
			};
		};
		if (inbound.mode() != CallMode.SYNC) {
			sink.acknowledge(info.guid());
		}
		CallExecution execution = new CallExecution(info.guid(), keys, multi, onFinish);
		if (multi && info.deadlineNanos() != 0) {
			long delayNanos = partialReplyDelayNanos(inbound.timeoutMillis())
					- (System.nanoTime() - inbound.receivedNanos());
			execution.deadline(this.scheduler.schedule(execution::deadlineReached, Math.max(0, delayNanos),
					TimeUnit.NANOSECONDS));
		}
		List<Runnable> inline = new ArrayList<>();
		List<Runnable> pooled = new ArrayList<>();
		List<Integer> pooledIndexes = new ArrayList<>();
		for (int i = 0; i < keys.size(); i++) {
			int index = i;
			String key = keys.get(index);
			ApiCall<JsonNode> call = request.api().get(key);
			DoraApiRegistry.Match match = this.invoker.lookup(call);
			Runnable entry = () -> runEntry(execution, index, key, call, match, info);
			if (this.runNonBlockingInline && (match == null || match.method().isNonBlocking())) {
				inline.add(entry);
			}
			else {
				pooled.add(waiting(entry));
				pooledIndexes.add(index);
			}
		}
		// The business executor's share starts first, so that it runs while this thread runs the inline entries.
		if (!pooled.isEmpty()) {
			this.queued.addAndGet(pooled.size());
			if (!new EntryDrain(this.executor, pooled).start()) {
				this.queued.addAndGet(-pooled.size());
				this.limiter.release(pooled.size());
				for (int index : pooledIndexes) {
					execution.complete(index, ApiResult.failure(info.guid(), DoraCodes.SERVER_BUSY,
							DoraCodes.message(DoraCodes.SERVER_BUSY)));
				}
			}
		}
		inline.forEach(Runnable::run);
	}

	/** An entry that counts as queued until a business thread takes it. */
	private Runnable waiting(Runnable entry) {
		return () -> {
			this.queued.decrementAndGet();
			entry.run();
		};
	}

	/**
	 * When a multi-API call answers with what has finished: the caller's timeout minus a margin for the reply to
	 * travel, 10 % of the timeout but at least 200 ms, and never more than a quarter of the timeout.
	 */
	static long partialReplyDelayNanos(long timeoutMillis) {
		long timeout = timeoutMillis * 1_000_000L;
		long margin = Math.min(timeout / 4, Math.max(timeout / 10, MIN_REPLY_MARGIN_NANOS));
		return timeout - margin;
	}

	private void runEntry(CallExecution execution, int index, String key, ApiCall<JsonNode> call,
			DoraApiRegistry.Match match, RequestInfo info) {
		CompletableFuture<ApiResult<Object>> result;
		try {
			result = this.invoker.invoke(key, call, match, info);
		}
		catch (RuntimeException ex) {
			result = CompletableFuture.completedFuture(ApiResult.failure(info.guid(), DoraCodes.HANDLER_ERROR,
					DoraCodes.message(DoraCodes.HANDLER_ERROR)));
		}
		result.whenComplete((value, failure) -> {
			try {
				execution.complete(index, (value != null) ? value : ApiResult.failure(info.guid(),
						DoraCodes.HANDLER_ERROR, DoraCodes.message(DoraCodes.HANDLER_ERROR)));
			}
			finally {
				this.limiter.release(1);
			}
		});
	}

	/** A single call uses the key "one" and a single type string; everything else is answered keyed. */
	private static boolean isMulti(RequestEnvelope<JsonNode> request) {
		String type = request.type();
		if (type != null) {
			return type.endsWith("_M");
		}
		return !(request.api().size() == 1 && request.api().containsKey(SINGLE_KEY));
	}

	private void answerRepeated(CallMode mode, String guid, CompletableFuture<ResponseEnvelope<?>> earlier,
			DoraReplySink sink) {
		if (mode == CallMode.SYNC) {
			earlier.thenAccept(sink::reply);
			return;
		}
		sink.acknowledge(guid);
		if (mode == CallMode.ASYNC_RESULT) {
			earlier.thenAccept((result) -> sink.push(result.asPushedResult()));
		}
	}

	private void replyBusy(String guid, DoraReplySink sink) {
		this.stats.rejectedBusy();
		sink.reply(ResponseEnvelope.status(guid, DoraCodes.SERVER_BUSY, DoraCodes.message(DoraCodes.SERVER_BUSY)));
	}

	private static String guidText(Guid guid) {
		return (guid != null) ? guid.toString() : null;
	}

	/**
	 * Stops admitting: from now on every request is answered {@link DoraCodes#SHUTTING_DOWN} so callers can go
	 * elsewhere, and waits for admitted work (including acknowledged mode 1 and 2 work) to finish.
	 * @return whether everything finished within {@code gracePeriod}
	 */
	public boolean shutdown(Duration gracePeriod) throws InterruptedException {
		this.accepting = false;
		return this.limiter.awaitIdle(gracePeriod);
	}

	/**
	 * Records the final outcome of a deduplicated call: the reply for mode 0, the pushed result for mode 2, the
	 * acknowledgement for mode 1.
	 */
	private static final class RememberingSink implements DoraReplySink {

		private final DoraReplySink delegate;

		private final RecentCallCache cache;

		private final Guid guid;

		private final RecentCallCache.Claim claim;

		private final CallMode mode;

		RememberingSink(DoraReplySink delegate, RecentCallCache cache, Guid guid, RecentCallCache.Claim claim,
				CallMode mode) {
			this.delegate = delegate;
			this.cache = cache;
			this.guid = guid;
			this.claim = claim;
			this.mode = mode;
		}

		@Override
		public void reply(ResponseEnvelope<?> response) {
			remember(response);
			this.delegate.reply(response);
		}

		@Override
		public void acknowledge(String guid) {
			remember(ResponseEnvelope.accepted(guid));
			this.delegate.acknowledge(guid);
		}

		private void remember(ResponseEnvelope<?> response) {
			if (response.code() == DoraCodes.SERVER_BUSY || response.code() == DoraCodes.SHUTTING_DOWN) {
				this.cache.forget(this.guid);
				this.claim.complete(response);
			}
			else if (this.mode != CallMode.ASYNC_RESULT || response.code() != DoraCodes.ACCEPTED) {
				this.claim.complete(response);
			}
		}

		@Override
		public boolean push(ResponseEnvelope<?> result) {
			this.claim.complete(result);
			return this.delegate.push(result);
		}

		@Override
		public String transport() {
			return this.delegate.transport();
		}

		@Override
		public String remoteAddress() {
			return this.delegate.remoteAddress();
		}

	}

}
