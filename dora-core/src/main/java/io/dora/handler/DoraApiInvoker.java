package io.dora.handler;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.dora.DoraException;
import io.dora.observation.DefaultDoraServerObservationConvention;
import io.dora.observation.DoraObservationDocumentation;
import io.dora.observation.DoraServerObservationContext;
import io.dora.observation.DoraServerObservationConvention;
import io.dora.observation.GuidMdc;
import io.dora.protocol.ApiCall;
import io.dora.protocol.ApiResult;
import io.dora.protocol.CallMode;
import io.dora.protocol.DoraCodes;
import io.dora.protocol.DoraJsonCodec;
import io.dora.protocol.DoraProtocolException;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;

import org.springframework.core.ResolvableType;

/**
 * Runs one API entry on the current thread: finds its handler, binds the parameter, invokes, and turns whatever
 * happens into an {@link ApiResult}. Exceptions never reach the caller as stack traces or class names.
 */
public class DoraApiInvoker {

	private static final Log logger = LogFactory.getLog(DoraApiInvoker.class);

	private static final DoraServerObservationConvention DEFAULT_CONVENTION = new DefaultDoraServerObservationConvention();

	private final DoraApiRegistry registry;

	private final DoraJsonCodec codec;

	private final DoraServerStats stats;

	private final Map<ResolvableType, ObjectReader> readers = new ConcurrentHashMap<>();

	private final ObservationRegistry observationRegistry;

	private final DoraServerObservationConvention observationConvention;

	public DoraApiInvoker(DoraApiRegistry registry, DoraJsonCodec codec, DoraServerStats stats) {
		this(registry, codec, stats, ObservationRegistry.NOOP, null);
	}

	/**
	 * @param observationRegistry observes every call; {@link ObservationRegistry#NOOP} to observe nothing
	 * @param observationConvention names and tags the observations; {@code null} for the default
	 */
	public DoraApiInvoker(DoraApiRegistry registry, DoraJsonCodec codec, DoraServerStats stats,
			ObservationRegistry observationRegistry, DoraServerObservationConvention observationConvention) {
		this.registry = registry;
		this.codec = codec;
		this.stats = stats;
		this.observationRegistry = observationRegistry;
		this.observationConvention = observationConvention;
	}

	public DoraApiRegistry registry() {
		return this.registry;
	}

	/** The handler an entry names, or {@code null} when it names none or no handler serves the name. */
	public DoraApiRegistry.Match lookup(ApiCall<JsonNode> call) {
		String name = (call != null) ? call.name() : null;
		return (name != null && !name.isEmpty()) ? this.registry.lookup(name) : null;
	}

	/**
	 * Executes one entry on the current thread.
	 * @param key the caller's key of this entry
	 * @param call the entry
	 * @param match what {@link #lookup(ApiCall)} returned for {@code call}
	 * @param request facts about the request this entry belongs to
	 * @return the entry's result, completed when the handler (or the stage it returned) is done
	 */
	public CompletableFuture<ApiResult<Object>> invoke(String key, ApiCall<JsonNode> call,
			DoraApiRegistry.Match match, RequestInfo request) {
		String name = (call != null) ? call.name() : null;
		if (this.observationRegistry.isNoop()) {
			try (GuidMdc.Restore mdc = GuidMdc.put(request.guid())) {
				return run(key, call, match, request);
			}
		}
		String mapping = (match != null) ? match.method().path() : "UNKNOWN";
		DoraServerObservationContext context = new DoraServerObservationContext(request.meta(), name, mapping,
				request.guid(), modeTag(request.mode()), request.transport());
		Observation observation = DoraObservationDocumentation.SERVER
			.observation(this.observationConvention, DEFAULT_CONVENTION, () -> context, this.observationRegistry)
			.start();
		CompletableFuture<ApiResult<Object>> result;
		try (Observation.Scope scope = observation.openScope(); GuidMdc.Restore mdc = GuidMdc.put(request.guid())) {
			result = run(key, call, match, request);
		}
		return result.whenComplete((value, failure) -> {
			context.setCode((value != null) ? value.code() : DoraCodes.HANDLER_ERROR);
			observation.stop();
		});
	}

	static String modeTag(CallMode mode) {
		return (mode == CallMode.CONTROL) ? "control" : String.valueOf(mode.mode());
	}

	private CompletableFuture<ApiResult<Object>> run(String key, ApiCall<JsonNode> call, DoraApiRegistry.Match match,
			RequestInfo request) {
		if (call == null || call.name() == null || call.name().isEmpty()) {
			return CompletableFuture.completedFuture(
					ApiResult.failure(request.guid(), DoraCodes.BAD_PARAMETER, "api entry '" + key + "' has no name"));
		}
		if (match == null) {
			this.stats.recordCall(DoraServerStats.UNMAPPED, true);
			return CompletableFuture.completedFuture(ApiResult.failure(request.guid(), DoraCodes.API_NOT_FOUND,
					"api not found: " + call.name()));
		}
		DoraApiMethod method = match.method();
		if (request.deadlineNanos() != 0 && System.nanoTime() - request.deadlineNanos() > 0) {
			this.stats.recordCall(method.path(), true);
			return CompletableFuture.completedFuture(ApiResult.failure(request.guid(), DoraCodes.DEADLINE_EXCEEDED,
					"deadline passed before " + call.name() + " started"));
		}
		DoraCallContext context = new DoraCallContext(call.name(), method.path(), match.pathVariables(),
				request.guid(), key, request.mode(), request.transport(), request.remoteAddress(), request.meta(),
				request.deadlineNanos());
		try {
			Object result = method.namedParameters().isEmpty() ? method.invoke(bind(method, call.param()), context)
					: method.invokeNamed(bindNamed(method, call.param()), context);
			if (result instanceof CompletionStage<?> stage) {
				return stage.toCompletableFuture()
					.handle((value, failure) -> (failure != null) ? failed(context, method, unwrap(failure))
							: succeeded(context, method, value));
			}
			return CompletableFuture.completedFuture(succeeded(context, method, result));
		}
		catch (Throwable ex) {
			return CompletableFuture.completedFuture(failed(context, method, ex));
		}
	}

	private Object bind(DoraApiMethod method, JsonNode param) {
		ResolvableType type = method.paramType();
		if (type == null) {
			return null;
		}
		if (isAbsent(param)) {
			return absent(type, () -> "cannot read param: " + method.path() + " requires one");
		}
		return this.codec.convert(param, reader(type));
	}

	/**
	 * Binds each named parameter to the member of the param object with its name. A missing or null member is
	 * {@code null} (an error for a primitive); a member no parameter is named after is refused, since its value
	 * would be lost.
	 */
	private Object[] bindNamed(DoraApiMethod method, JsonNode param) {
		List<DoraApiMethod.NamedParameter> parameters = method.namedParameters();
		if (!isAbsent(param) && !param.isObject()) {
			throw new DoraProtocolException(DoraCodes.BAD_PARAMETER, "cannot read param: " + method.path()
					+ " takes an object with the members " + names(parameters));
		}
		if (!isAbsent(param)) {
			for (String member : param.propertyNames()) {
				if (parameters.stream().noneMatch((parameter) -> parameter.name().equals(member))) {
					throw new DoraProtocolException(DoraCodes.BAD_PARAMETER, "cannot read param: " + method.path()
							+ " has no parameter '" + member + "'; it takes " + names(parameters));
				}
			}
		}
		Object[] values = new Object[parameters.size()];
		for (int i = 0; i < values.length; i++) {
			DoraApiMethod.NamedParameter parameter = parameters.get(i);
			JsonNode member = isAbsent(param) ? null : param.get(parameter.name());
			if (isAbsent(member)) {
				values[i] = absent(parameter.type(), () -> "cannot read param: " + method.path()
						+ " requires the member '" + parameter.name() + "'");
				continue;
			}
			try {
				values[i] = this.codec.convert(member, reader(parameter.type()));
			}
			catch (DoraProtocolException ex) {
				throw new DoraProtocolException(ex.code(), "member '" + parameter.name() + "': " + ex.getMessage(),
						ex);
			}
		}
		return values;
	}

	private static boolean isAbsent(JsonNode node) {
		return node == null || node.isNull() || node.isMissingNode();
	}

	/** The value of a parameter the call left out: {@code null}, or a clear error for a primitive. */
	private static Object absent(ResolvableType type, Supplier<String> required) {
		if (type.resolve(Object.class).isPrimitive()) {
			throw new DoraProtocolException(DoraCodes.BAD_PARAMETER, required.get());
		}
		return null;
	}

	private static List<String> names(List<DoraApiMethod.NamedParameter> parameters) {
		return parameters.stream().map(DoraApiMethod.NamedParameter::name).toList();
	}

	private ObjectReader reader(ResolvableType type) {
		return this.readers.computeIfAbsent(type, (key) -> this.codec.paramReader(this.codec.type(key.getType())));
	}

	private ApiResult<Object> succeeded(DoraCallContext context, DoraApiMethod method, Object value) {
		this.stats.recordCall(method.path(), false);
		return ApiResult.ok(context.guid(), value);
	}

	private ApiResult<Object> failed(DoraCallContext context, DoraApiMethod method, Throwable ex) {
		this.stats.recordCall(method.path(), true);
		if (ex instanceof DoraException dora) {
			if (logger.isDebugEnabled()) {
				logger.debug("Dora API " + context.apiName() + " answered " + dora.getCode() + " for guid "
						+ context.guid() + ": " + dora.getMessage());
			}
			return ApiResult.failure(context.guid(), dora.getCode(), dora.getMessage());
		}
		if (ex instanceof DoraProtocolException protocol) {
			return ApiResult.failure(context.guid(), protocol.code(), protocol.getMessage());
		}
		logger.error("Dora API " + context.apiName() + " (" + method.description() + ") failed for guid "
				+ context.guid(), ex);
		return ApiResult.failure(context.guid(), DoraCodes.HANDLER_ERROR,
				DoraCodes.message(DoraCodes.HANDLER_ERROR) + " (guid " + context.guid() + ")");
	}

	private static Throwable unwrap(Throwable failure) {
		return (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause() : failure;
	}

}
