package io.dora.client;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.BiConsumer;
import java.util.function.Function;

import io.dora.DoraException;
import io.dora.client.connection.DoraClientStats;
import io.dora.client.connection.InboundReply;
import io.dora.discovery.DoraEndpoint;
import io.dora.observation.DefaultDoraClientObservationConvention;
import io.dora.observation.DoraClientObservationContext;
import io.dora.observation.DoraClientObservationConvention;
import io.dora.observation.DoraObservationDocumentation;
import io.dora.observation.DoraServerObservationContext;
import io.dora.observation.GuidMdc;
import io.dora.protocol.ApiCall;
import io.dora.protocol.CallMode;
import io.dora.protocol.DoraCodes;
import io.dora.protocol.DoraJsonCodec;
import io.dora.protocol.Guid;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import tools.jackson.databind.JavaType;

import org.springframework.core.ParameterizedTypeReference;

/**
 * The {@link DoraOperations} implementation. Thread-safe and cheap to copy: the {@code with...} views share the
 * collaborators of the template they came from.
 */
public class DoraTemplate implements DoraOperations {

	private static final String SINGLE_KEY = "one";

	private static final int DEFAULT_PIPELINE_WINDOW = 1024;

	private static final Duration DEFAULT_PIPELINE_WINDOW_WAIT = Duration.ofSeconds(3);

	private static final DoraClientObservationConvention DEFAULT_CONVENTION = new DefaultDoraClientObservationConvention();

	private final Collaborators collaborators;

	private final DoraTarget target;

	private final Duration timeout;

	private final Integer retries;

	private final Guid guid;

	/**
	 * @param caller sends the requests and retries them
	 * @param codec reads replies and binds their data to the caller's types
	 * @param stats counts replies whose body guid differs from their header guid
	 * @param asyncResults keeps mode-2 results until collected
	 * @param policies the timeout and retries of each call
	 * @param defaultGroup the group calls go to unless a view says otherwise; may be {@code null}
	 */
	public DoraTemplate(DoraCaller caller, DoraJsonCodec codec, DoraClientStats stats, AsyncResultStore asyncResults,
			DoraApiPolicies policies, String defaultGroup) {
		this(new Collaborators(caller, new ReplyDecoder(codec, stats), asyncResults, policies),
				(defaultGroup != null) ? DoraTarget.group(defaultGroup) : null, null, null, null);
	}

	private DoraTemplate(Collaborators collaborators, DoraTarget target, Duration timeout, Integer retries,
			Guid guid) {
		this.collaborators = collaborators;
		this.target = target;
		this.timeout = timeout;
		this.retries = retries;
		this.guid = guid;
	}

	/**
	 * Observes every call of this template and its views; {@link ObservationRegistry#NOOP} (the default) observes
	 * nothing.
	 */
	public void setObservationRegistry(ObservationRegistry observationRegistry) {
		this.collaborators.observationRegistry = observationRegistry;
	}

	/** Names and tags the observations; {@code null} (the default) for {@link DefaultDoraClientObservationConvention}. */
	public void setObservationConvention(DoraClientObservationConvention observationConvention) {
		this.collaborators.observationConvention = observationConvention;
	}

	/**
	 * Bounds the calls sent with {@code sendAsync} and {@code submitAsync} that await their acknowledgement, for
	 * this template and its views; the default holds 1024 calls and waits 3 s for a place.
	 */
	public void setPipelineWindow(PipelineWindow pipelineWindow) {
		this.collaborators.pipelineWindow = pipelineWindow;
	}

	/** Where calls from this view go, or {@code null} when no default group is configured. */
	public DoraTarget getTarget() {
		return this.target;
	}

	@Override
	public <T> T call(String api, Object param, Class<T> resultType) {
		return single(api, param, javaType(resultType));
	}

	@Override
	public <T> T call(String api, Object param, ParameterizedTypeReference<T> resultType) {
		return single(api, param, javaType(resultType));
	}

	private <T> T single(String api, Object param, JavaType type) {
		Guid guid = nextGuid();
		try (GuidMdc.Restore mdc = GuidMdc.put(guid.toString())) {
			CallOutcome outcome = await(send(CallMode.SYNC, false, single(api, param), guid));
			return this.collaborators.decoder.single(outcome.reply(), type, api);
		}
	}

	@Override
	public <T> CompletableFuture<T> callAsync(String api, Object param, Class<T> resultType) {
		return singleAsync(api, param, javaType(resultType));
	}

	@Override
	public <T> CompletableFuture<T> callAsync(String api, Object param, ParameterizedTypeReference<T> resultType) {
		return singleAsync(api, param, javaType(resultType));
	}

	private <T> CompletableFuture<T> singleAsync(String api, Object param, JavaType type) {
		CompletableFuture<T> result = new CompletableFuture<>();
		send(CallMode.SYNC, false, single(api, param), nextGuid()).whenComplete((outcome, failure) -> {
			try {
				if (failure != null) {
					throw DoraCaller.asDoraException(failure);
				}
				result.complete(this.collaborators.decoder.<T>single(outcome.reply(), type, api));
			}
			catch (RuntimeException ex) {
				result.completeExceptionally(ex);
			}
		});
		return result;
	}

	@Override
	public DoraResponse exchange(String api, Object param) {
		return exchange(CallMode.SYNC, false, single(api, param));
	}

	@Override
	public DoraResponse exchangeMulti(Map<String, ApiCall<?>> apis) {
		return exchange(CallMode.SYNC, true, apis);
	}

	CompletableFuture<DoraResponse> exchangeAsync(CallMode mode, boolean multi, Map<String, ApiCall<?>> apis) {
		Guid guid = nextGuid();
		return send(mode, multi, apis, guid).handle((outcome, failure) -> {
			try {
				if (failure != null) {
					throw DoraCaller.asDoraException(failure);
				}
				return (mode == CallMode.CONTROL) ? this.collaborators.decoder.control(outcome.reply())
						: this.collaborators.decoder.raw(outcome.reply(), multi);
			}
			catch (DoraException ex) {
				return DoraResponse.failure(guid.toString(), ex.getCode(), ex.getMessage());
			}
		});
	}

	private DoraResponse exchange(CallMode mode, boolean multi, Map<String, ApiCall<?>> apis) {
		return exchangeAsync(mode, multi, apis).join();
	}

	@Override
	public DoraMultiCall multi() {
		return new DoraMultiCall(this);
	}

	@Override
	public void send(String api, Object param) {
		acknowledged(CallMode.NO_RESULT, false, single(api, param));
	}

	@Override
	public void sendMulti(Map<String, ApiCall<?>> apis) {
		acknowledged(CallMode.NO_RESULT, true, apis);
	}

	@Override
	public <T> DoraAsyncCall<T> submit(String api, Object param, Class<T> resultType) {
		return submit(api, param, javaType(resultType));
	}

	@Override
	public <T> DoraAsyncCall<T> submit(String api, Object param, ParameterizedTypeReference<T> resultType) {
		return submit(api, param, javaType(resultType));
	}

	private <T> DoraAsyncCall<T> submit(String api, Object param, JavaType type) {
		return submitted(false, single(api, param), typedResult(api, type));
	}

	/** Reads a single mode-2 result as the caller's type, throwing its code when it failed. */
	private <T> Function<DoraResponse, T> typedResult(String api, JavaType type) {
		return (response) -> {
			if (!response.isOk()) {
				throw new DoraRemoteException(response.getCode(), response.getMsg(), null, false);
			}
			DoraResult result = response.getResult();
			if (result == null) {
				throw new DoraClientException(DoraCodes.MALFORMED, "async result of " + api + " has no data");
			}
			if (!result.isOk()) {
				throw new DoraRemoteException(result.getCode(), result.getMsg(), api, true);
			}
			return this.collaborators.decoder.<T>convert(result.rawData(), type, api);
		};
	}

	@Override
	public DoraAsyncCall<DoraResponse> submitMulti(Map<String, ApiCall<?>> apis) {
		return submitted(true, apis, Function.identity());
	}

	/** Sends a mode-2 request, waits for its acknowledgement and tracks its result. */
	<T> DoraAsyncCall<T> submitted(boolean multi, Map<String, ApiCall<?>> apis, Function<DoraResponse, T> typed) {
		Guid guid = nextGuid();
		Submission submission = Submission.of(guid);
		send(CallMode.ASYNC_RESULT, multi, apis, guid)
			.whenComplete((sent, failure) -> settle(submission, multi, sent, failure));
		await(submission.acknowledged());
		this.collaborators.asyncResults.track(submission.guid(), submission.result());
		return submission.handle(typed, this.collaborators.asyncResults);
	}

	/** Sends a mode-2 request within the pipeline window and tracks its result at once. */
	<T> DoraAsyncCall<T> submittedAsync(boolean multi, Map<String, ApiCall<?>> apis,
			Function<DoraResponse, T> typed) {
		Guid guid = nextGuid();
		Submission submission = Submission.of(guid);
		pipelined(CallMode.ASYNC_RESULT, multi, apis, guid,
				(sent, failure) -> settle(submission, multi, sent, failure));
		this.collaborators.asyncResults.track(submission.guid(), submission.result());
		return submission.handle(typed, this.collaborators.asyncResults);
	}

	/**
	 * Completes the acknowledgement and, later, the raw result of a mode-2 request. A refused request's result is
	 * its refusal, so that a collect-all call reports it instead of losing it.
	 */
	private void settle(Submission submission, boolean multi, CallOutcome sent, Throwable failure) {
		try {
			accepted(sent, failure);
		}
		catch (DoraException ex) {
			submission.acknowledged().completeExceptionally(ex);
			submission.result().complete(DoraResponse.failure(submission.guid(), ex.getCode(), ex.getMessage()));
			return;
		}
		submission.acknowledged().complete(DoraAck.ACCEPTED);
		sent.result().whenComplete((reply, resultFailure) -> submission.result()
			.complete(raw(reply, resultFailure, multi, submission.guid())));
	}

	private DoraResponse raw(InboundReply reply, Throwable failure, boolean multi, String guid) {
		try {
			if (failure != null) {
				throw DoraCaller.asDoraException(failure);
			}
			return this.collaborators.decoder.raw(reply, multi);
		}
		catch (DoraException ex) {
			return DoraResponse.failure(guid, ex.getCode(), ex.getMessage());
		}
	}

	private void acknowledged(CallMode mode, boolean multi, Map<String, ApiCall<?>> apis) {
		CallOutcome outcome = await(send(mode, multi, apis, nextGuid()));
		this.collaborators.decoder.expect(outcome.reply(), DoraCodes.ACCEPTED);
	}

	@Override
	public CompletableFuture<DoraAck> sendAsync(String api, Object param) {
		return acknowledgedAsync(single(api, param), false);
	}

	@Override
	public CompletableFuture<DoraAck> sendMultiAsync(Map<String, ApiCall<?>> apis) {
		return acknowledgedAsync(apis, true);
	}

	CompletableFuture<DoraAck> acknowledgedAsync(Map<String, ApiCall<?>> apis, boolean multi) {
		CompletableFuture<DoraAck> acknowledged = new CompletableFuture<>();
		pipelined(CallMode.NO_RESULT, multi, apis, nextGuid(), (sent, failure) -> {
			try {
				accepted(sent, failure);
				acknowledged.complete(DoraAck.ACCEPTED);
			}
			catch (DoraException ex) {
				acknowledged.completeExceptionally(ex);
			}
		});
		return acknowledged;
	}

	/** Checks that the provider acknowledged the request. */
	private void accepted(CallOutcome outcome, Throwable failure) {
		if (failure != null) {
			throw DoraCaller.asDoraException(failure);
		}
		this.collaborators.decoder.expect(outcome.reply(), DoraCodes.ACCEPTED);
	}

	@Override
	public <T> DoraAsyncCall<T> submitAsync(String api, Object param, Class<T> resultType) {
		return submitAsync(api, param, javaType(resultType));
	}

	@Override
	public <T> DoraAsyncCall<T> submitAsync(String api, Object param, ParameterizedTypeReference<T> resultType) {
		return submitAsync(api, param, javaType(resultType));
	}

	private <T> DoraAsyncCall<T> submitAsync(String api, Object param, JavaType type) {
		return submittedAsync(false, single(api, param), typedResult(api, type));
	}

	@Override
	public DoraAsyncCall<DoraResponse> submitMultiAsync(Map<String, ApiCall<?>> apis) {
		return submittedAsync(true, apis, Function.identity());
	}

	/**
	 * Sends a request within the pipeline window: waits for a place when the window is full, or fails with 100024
	 * when none comes free in time. The place is given back when the acknowledgement or the failure arrives, before
	 * {@code then} hears of it, so that a caller answered at once can send again.
	 * @param then receives the outcome or the failure, as {@link CompletableFuture#whenComplete} would
	 */
	private void pipelined(CallMode mode, boolean multi, Map<String, ApiCall<?>> apis, Guid guid,
			BiConsumer<CallOutcome, Throwable> then) {
		PipelineWindow window = this.collaborators.pipelineWindow;
		try {
			window.acquire();
		}
		catch (DoraClientException ex) {
			then.accept(null, ex);
			return;
		}
		// One stage for both, not one each: this runs for every pipelined call.
		send(mode, multi, apis, guid).whenComplete((sent, failure) -> {
			window.release();
			then.accept(sent, failure);
		});
	}

	@Override
	public Map<String, DoraResponse> collectAsyncResults(Duration wait) {
		return this.collaborators.asyncResults.collect(wait);
	}

	@Override
	public void clearAsyncResults() {
		this.collaborators.asyncResults.clear();
	}

	@Override
	public DoraResponse command(String name) {
		Map<String, ApiCall<?>> api = Map.of("cmd", new ApiCall<>(name, null));
		return exchange(CallMode.CONTROL, false, api);
	}

	@Override
	public DoraTemplate withGroup(String group) {
		return new DoraTemplate(this.collaborators, DoraTarget.group(group), this.timeout, this.retries, this.guid);
	}

	@Override
	public DoraTemplate withAddress(String hostAndPort) {
		return new DoraTemplate(this.collaborators, DoraTarget.address(DoraEndpoint.parse(hostAndPort)), this.timeout,
				this.retries, this.guid);
	}

	@Override
	public DoraTemplate withTimeout(Duration timeout) {
		return new DoraTemplate(this.collaborators, this.target, timeout, this.retries, this.guid);
	}

	@Override
	public DoraTemplate withRetries(int retries) {
		return new DoraTemplate(this.collaborators, this.target, this.timeout, retries, this.guid);
	}

	/**
	 * {@inheritDoc}
	 * @throws IllegalArgumentException if {@code guid} is not 32 hex characters or is the reserved all-zero guid
	 */
	@Override
	public DoraTemplate withGuid(String guid) {
		return new DoraTemplate(this.collaborators, this.target, this.timeout, this.retries, Guid.parseCallGuid(guid));
	}

	/** The guid of the next call: the view's own, or a new random one. */
	private Guid nextGuid() {
		return (this.guid != null) ? this.guid : Guid.random();
	}

	CompletableFuture<CallOutcome> send(CallMode mode, boolean multi, Map<String, ApiCall<?>> apis, Guid guid) {
		if (this.target == null) {
			return CompletableFuture.failedFuture(new NoProviderException(
					"no target: set dora.client.default-group or call withGroup(...) or withAddress(...)"));
		}
		if (apis == null || apis.isEmpty()) {
			return CompletableFuture.failedFuture(new DoraClientException(DoraCodes.API_EMPTY, "no api to call"));
		}
		String firstApi = apis.values().iterator().next().name();
		DoraApiPolicies policies = this.collaborators.policies;
		DoraApiPolicies.Policy policy = (this.timeout == null || this.retries == null) ? policies.find(firstApi) : null;
		Duration effectiveTimeout = (this.timeout != null) ? this.timeout : policies.timeout(policy);
		int effectiveRetries = (this.retries != null) ? this.retries : policies.retries(policy);
		DoraCaller caller = this.collaborators.caller;
		ObservationRegistry registry = this.collaborators.observationRegistry;
		if (registry.isNoop()) {
			return caller
				.call(new CallSpec(this.target, mode, multi, apis, effectiveTimeout, effectiveRetries, Map.of()), guid);
		}
		// Tracing writes the trace context into the meta when the observation starts.
		Map<String, String> meta = new HashMap<>();
		String group = (this.target.group() != null) ? this.target.group() : "none";
		meta.put(DoraServerObservationContext.GROUP_META, group);
		DoraClientObservationContext context = new DoraClientObservationContext(meta, firstApi, group, guid.toString(),
				(mode == CallMode.CONTROL) ? "control" : String.valueOf(mode.mode()));
		Observation observation = DoraObservationDocumentation.CLIENT
			.observation(this.collaborators.observationConvention, DEFAULT_CONVENTION, () -> context, registry)
			.start();
		CallSpec spec = new CallSpec(this.target, mode, multi, apis, effectiveTimeout, effectiveRetries, meta);
		return caller.call(spec, guid).whenComplete((outcome, failure) -> {
			if (failure != null) {
				DoraException error = DoraCaller.asDoraException(failure);
				context.setCode(error.getCode());
				observation.error(error);
			}
			else {
				// Read with the reply's code when it arrived: the body is not parsed again for this.
				context.setCode(outcome.reply().codes().outcome());
			}
			observation.stop();
		});
	}

	private static Map<String, ApiCall<?>> single(String api, Object param) {
		Map<String, ApiCall<?>> apis = new LinkedHashMap<>(2);
		apis.put(SINGLE_KEY, new ApiCall<>(api, param));
		return apis;
	}

	JavaType javaType(Class<?> type) {
		return this.collaborators.decoder.codec().type(type);
	}

	JavaType javaType(ParameterizedTypeReference<?> type) {
		return this.collaborators.decoder.codec().type(type.getType());
	}

	ReplyDecoder decoder() {
		return this.collaborators.decoder;
	}

	static <T> T await(CompletableFuture<T> future) {
		try {
			return future.get();
		}
		catch (ExecutionException ex) {
			throw DoraCaller.asDoraException(ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new DoraClientException(DoraCodes.TIMEOUT, "interrupted while waiting for a reply");
		}
	}

	/** A mode-2 request's acknowledgement and raw result. */
	private record Submission(String guid, CompletableFuture<DoraAck> acknowledged,
			CompletableFuture<DoraResponse> result) {

		static Submission of(Guid guid) {
			return new Submission(guid.toString(), new CompletableFuture<>(), new CompletableFuture<>());
		}

		<T> DoraAsyncCall<T> handle(Function<DoraResponse, T> typed, AsyncResultStore store) {
			return new DoraAsyncCall<>(this.guid, this.acknowledged, this.result.thenApply(typed), store);
		}

	}

	/** What a template and its views share. */
	private static final class Collaborators {

		private final DoraCaller caller;

		private final ReplyDecoder decoder;

		private final AsyncResultStore asyncResults;

		private final DoraApiPolicies policies;

		private volatile ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

		private volatile DoraClientObservationConvention observationConvention;

		private volatile PipelineWindow pipelineWindow = new PipelineWindow(DEFAULT_PIPELINE_WINDOW,
				DEFAULT_PIPELINE_WINDOW_WAIT);

		Collaborators(DoraCaller caller, ReplyDecoder decoder, AsyncResultStore asyncResults,
				DoraApiPolicies policies) {
			this.caller = caller;
			this.decoder = decoder;
			this.asyncResults = asyncResults;
			this.policies = policies;
		}

	}

}
