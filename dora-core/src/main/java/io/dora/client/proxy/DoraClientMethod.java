package io.dora.client.proxy;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;

import io.dora.annotation.DoraApi;
import io.dora.annotation.DoraOneWay;
import io.dora.annotation.DoraParam;
import io.dora.client.DoraAck;
import io.dora.client.DoraAsyncCall;
import io.dora.client.DoraCallOptions;
import io.dora.client.DoraMultiCall;
import io.dora.client.DoraOperations;
import io.dora.client.DoraResponse;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.StringUtils;

/**
 * One method of a {@code @DoraClient} interface, read once when the client is created: the API it calls, the mode
 * its return type chooses, the type the data is bound to and how its arguments become the call's param.
 */
final class DoraClientMethod {

	private final String api;

	private final Mode mode;

	private final ParameterizedTypeReference<Object> resultType;

	/** The result type when it is a plain class: the overloads taking a class are the template's plainest path. */
	private final Class<Object> resultClass;

	private final List<String> paramNames;

	private final int optionsIndex;

	private DoraClientMethod(String api, Mode mode, Type resultType, List<String> paramNames, int optionsIndex) {
		this.api = api;
		this.mode = mode;
		this.resultType = ParameterizedTypeReference.forType(resultType);
		this.resultClass = (resultType instanceof Class<?> type) ? uncheckedClass(type) : null;
		this.paramNames = paramNames;
		this.optionsIndex = optionsIndex;
	}

	/**
	 * Reads a method.
	 * @param resolver resolves {@code ${...}} placeholders in the path
	 * @throws InvalidDoraClientException naming the method when it cannot be called
	 */
	static DoraClientMethod of(Method method, UnaryOperator<String> resolver) {
		DoraApi annotation = AnnotatedElementUtils.findMergedAnnotation(method, DoraApi.class);
		if (annotation == null || !StringUtils.hasText(annotation.path())) {
			throw invalid(method, "it has no @DoraApi path",
					"Annotate the method with @DoraApi(\"/module/api\"), or make it a default method.");
		}
		String api = resolver.apply(annotation.path());
		if (api.contains("*") || api.contains("{")) {
			throw invalid(method, "'" + api + "' is a pattern, and a call names one API",
					"Give the method the exact API name it calls, such as /user/get.");
		}
		Type returnType = method.getGenericReturnType();
		Mode mode = mode(method, returnType);
		Type resultType = mode.resultType(returnType);
		if (resultType instanceof TypeVariable<?>) {
			throw invalid(method, "its result type " + resultType + " is a type variable, which no reply can be bound to",
					"Declare the concrete result type, such as User or List<User>.");
		}
		int optionsIndex = -1;
		List<String> names = new ArrayList<>();
		Parameter[] parameters = method.getParameters();
		for (int i = 0; i < parameters.length; i++) {
			if (parameters[i].getType() == DoraCallOptions.class) {
				if (optionsIndex >= 0) {
					throw invalid(method, "it declares DoraCallOptions twice", "Keep one DoraCallOptions parameter.");
				}
				optionsIndex = i;
			}
			else {
				names.add(name(parameters[i]));
			}
		}
		if (names.size() > 1) {
			checkNames(method, names);
		}
		return new DoraClientMethod(api, mode, resultType, names, optionsIndex);
	}

	private static Mode mode(Method method, Type returnType) {
		Class<?> raw = method.getReturnType();
		boolean oneWay = AnnotatedElementUtils.hasAnnotation(method, DoraOneWay.class);
		if (raw == void.class || raw == Void.class) {
			if (!oneWay) {
				throw invalid(method, "it returns void without saying that the call is one-way",
						"Mark it @DoraOneWay to send and return on the provider's acknowledgement (mode 1), return "
								+ "DoraAck for the same, or return the result type to wait for the result.");
			}
			return Mode.ONE_WAY;
		}
		if (raw == DoraAck.class) {
			return Mode.ACKNOWLEDGED;
		}
		boolean future = raw == CompletableFuture.class || raw == CompletionStage.class;
		if (future && isAck(returnType)) {
			if (!oneWay) {
				throw invalid(method, "it returns a future of DoraAck without saying that the call is one-way",
						"Mark it @DoraOneWay to send it pipelined and complete the future on the provider's "
								+ "acknowledgement (mode 1).");
			}
			return Mode.ONE_WAY_ASYNC;
		}
		if (oneWay) {
			throw invalid(method, "it is marked @DoraOneWay but returns " + returnType.getTypeName(),
					"A one-way method returns void, DoraAck, or CompletableFuture<DoraAck> or "
							+ "CompletionStage<DoraAck> to return without waiting.");
		}
		if (future) {
			return Mode.FUTURE;
		}
		if (raw == DoraAsyncCall.class) {
			return Mode.ASYNC_RESULT;
		}
		if (raw == DoraResponse.class) {
			return Mode.RAW;
		}
		if (Future.class.isAssignableFrom(raw)) {
			throw invalid(method, "its return type " + raw.getName() + " is not one Dora completes",
					"Return CompletableFuture<T> or CompletionStage<T> to call without blocking, or "
							+ "DoraAsyncCall<T> for a result the provider pushes later (mode 2).");
		}
		return Mode.WAIT;
	}

	private static boolean isAck(Type returnType) {
		return returnType instanceof ParameterizedType parameterized
				&& parameterized.getActualTypeArguments()[0] == DoraAck.class;
	}

	private static String name(Parameter parameter) {
		DoraParam named = parameter.getAnnotation(DoraParam.class);
		if (named != null) {
			return named.value();
		}
		return parameter.isNamePresent() ? parameter.getName() : null;
	}

	private static void checkNames(Method method, List<String> names) {
		if (names.contains(null)) {
			throw invalid(method, "it has " + names.size() + " parameters and their names were not compiled",
					"Name each parameter with @DoraParam(\"name\"), compile with javac -parameters (Spring "
							+ "Boot's build plugins do), or take one param object.");
		}
		if (names.stream().distinct().count() < names.size()) {
			throw invalid(method, "two of its parameters have the same name " + names,
					"Give each parameter its own @DoraParam name.");
		}
	}

	static InvalidDoraClientException invalid(Method method, String reason, String action) {
		return new InvalidDoraClientException(describe(method), reason, action);
	}

	static String describe(Method method) {
		StringBuilder text = new StringBuilder(method.getDeclaringClass().getName()).append('.')
			.append(method.getName())
			.append('(');
		Class<?>[] types = method.getParameterTypes();
		for (int i = 0; i < types.length; i++) {
			text.append((i > 0) ? ", " : "").append(types[i].getSimpleName());
		}
		return text.append(')').toString();
	}

	/** Calls the API through {@code operations} (the client's view) with the method's arguments. */
	Object invoke(DoraOperations operations, Object[] args) {
		DoraOperations view = operations;
		if (this.optionsIndex >= 0 && args[this.optionsIndex] != null) {
			view = ((DoraCallOptions) args[this.optionsIndex]).applyTo(view);
		}
		Object param = param(args);
		return switch (this.mode) {
			case WAIT -> (this.resultClass != null) ? view.call(this.api, param, this.resultClass)
					: view.call(this.api, param, this.resultType);
			case FUTURE -> (this.resultClass != null) ? view.callAsync(this.api, param, this.resultClass)
					: view.callAsync(this.api, param, this.resultType);
			case ASYNC_RESULT -> (this.resultClass != null) ? view.submitAsync(this.api, param, this.resultClass)
					: view.submitAsync(this.api, param, this.resultType);
			case RAW -> view.exchange(this.api, param);
			case ONE_WAY -> {
				view.send(this.api, param);
				yield null;
			}
			case ACKNOWLEDGED -> {
				view.send(this.api, param);
				yield DoraAck.ACCEPTED;
			}
			case ONE_WAY_ASYNC -> view.sendAsync(this.api, param);
		};
	}

	/**
	 * Adds this method's call with {@code args} to a multi-API call as the entry {@code key}, its data read as the
	 * method's result type.
	 * @throws IllegalArgumentException if the method's return type chooses another mode than waiting for the data
	 */
	@SuppressWarnings("unchecked")
	<T> DoraMultiCall.Key<T> addTo(DoraMultiCall multi, String key, Object[] args) {
		if (this.mode != Mode.WAIT) {
			throw new IllegalArgumentException("Only a method that returns its data can be an entry of a multi-API "
					+ "call, but " + this.api + " is called in mode " + this.mode);
		}
		if (this.optionsIndex >= 0 && args[this.optionsIndex] != null) {
			throw new IllegalArgumentException("The entries of a multi-API call share its options; pass "
					+ "DoraCallOptions.defaults() or null to " + this.api);
		}
		return (DoraMultiCall.Key<T>) multi.add(key, this.api, param(args), this.resultType);
	}

	@SuppressWarnings("unchecked")
	private static Class<Object> uncheckedClass(Class<?> type) {
		return (Class<Object>) type;
	}

	private Object param(Object[] args) {
		if (this.paramNames.isEmpty()) {
			return null;
		}
		boolean optionsFirst = this.optionsIndex == 0;
		if (this.paramNames.size() == 1) {
			return args[optionsFirst ? 1 : 0];
		}
		Map<String, Object> param = new LinkedHashMap<>();
		int name = 0;
		for (int i = 0; i < args.length; i++) {
			if (i != this.optionsIndex) {
				param.put(this.paramNames.get(name++), args[i]);
			}
		}
		return param;
	}

	String api() {
		return this.api;
	}

	/** The call mode a return type chooses, and where in it the result type is. */
	private enum Mode {

		WAIT, FUTURE, ASYNC_RESULT, RAW, ONE_WAY, ACKNOWLEDGED, ONE_WAY_ASYNC;

		Type resultType(Type returnType) {
			return switch (this) {
				case FUTURE, ASYNC_RESULT -> (returnType instanceof ParameterizedType parameterized)
						? parameterized.getActualTypeArguments()[0] : Object.class;
				case WAIT -> returnType;
				default -> Object.class;
			};
		}

	}

}
