package io.dora.client;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

import io.dora.DoraException;
import io.dora.client.connection.DoraClientStats;
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

	private static final DoraClientObservationConvention DEFAULT_CONVENTION = new DefaultDoraClientObservationConvention();

	private final Collaborators collaborators;

	private final DoraTarget target;

	private final Duration timeout;

	private final Integer retries;

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
				(defaultGroup != null) ? DoraTarget.group(defaultGroup) : null, null, null);
	}

	private DoraTemplate(Collaborators collaborators, DoraTarget target, Duration timeout, Integer retries) {
		this.collaborators = collaborators;
		this.target = target;
		this.timeout = timeout;
		this.retries = retries;
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
		Guid guid = Guid.random();
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
		send(CallMode.SYNC, false, single(api, param), Guid.random()).whenComplete((outcome, failure) -> {
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
		Guid guid = Guid.random();
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
		return submitted(false, single(api, param), (response) -> {
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
		});
	}

	@Override
	public DoraAsyncCall<DoraResponse> submitMulti(Map<String, ApiCall<?>> apis) {
		return submitted(true, apis, Function.identity());
	}

	/** Sends a mode-2 request, checks its acknowledgement and tracks its result. */
	<T> DoraAsyncCall<T> submitted(boolean multi, Map<String, ApiCall<?>> apis, Function<DoraResponse, T> typed) {
		Guid guid = Guid.random();
		CallOutcome outcome = await(send(CallMode.ASYNC_RESULT, multi, apis, guid));
		this.collaborators.decoder.expect(outcome.reply(), DoraCodes.ACCEPTED);
		String guidText = guid.toString();
		CompletableFuture<DoraResponse> raw = outcome.result().handle((reply, failure) -> {
			try {
				if (failure != null) {
					throw DoraCaller.asDoraException(failure);
				}
				return this.collaborators.decoder.raw(reply, multi);
			}
			catch (DoraException ex) {
				return DoraResponse.failure(guidText, ex.getCode(), ex.getMessage());
			}
		});
		this.collaborators.asyncResults.track(guidText, raw);
		return new DoraAsyncCall<>(guidText, raw.thenApply(typed), this.collaborators.asyncResults);
	}

	private void acknowledged(CallMode mode, boolean multi, Map<String, ApiCall<?>> apis) {
		CallOutcome outcome = await(send(mode, multi, apis, Guid.random()));
		this.collaborators.decoder.expect(outcome.reply(), DoraCodes.ACCEPTED);
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
		return new DoraTemplate(this.collaborators, DoraTarget.group(group), this.timeout, this.retries);
	}

	@Override
	public DoraTemplate withAddress(String hostAndPort) {
		return new DoraTemplate(this.collaborators, DoraTarget.address(DoraEndpoint.parse(hostAndPort)), this.timeout,
				this.retries);
	}

	@Override
	public DoraTemplate withTimeout(Duration timeout) {
		return new DoraTemplate(this.collaborators, this.target, timeout, this.retries);
	}

	@Override
	public DoraTemplate withRetries(int retries) {
		return new DoraTemplate(this.collaborators, this.target, this.timeout, retries);
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

	/** What a template and its views share. */
	private static final class Collaborators {

		private final DoraCaller caller;

		private final ReplyDecoder decoder;

		private final AsyncResultStore asyncResults;

		private final DoraApiPolicies policies;

		private volatile ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

		private volatile DoraClientObservationConvention observationConvention;

		Collaborators(DoraCaller caller, ReplyDecoder decoder, AsyncResultStore asyncResults,
				DoraApiPolicies policies) {
			this.caller = caller;
			this.decoder = decoder;
			this.asyncResults = asyncResults;
			this.policies = policies;
		}

	}

}
