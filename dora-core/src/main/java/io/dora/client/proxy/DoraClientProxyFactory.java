package io.dora.client.proxy;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

import io.dora.annotation.DoraClient;
import io.dora.client.DoraOperations;

import org.springframework.format.datetime.standard.DurationFormatterUtils;
import org.springframework.util.StringUtils;

/**
 * Turns {@link DoraClient @DoraClient} interfaces into clients that call through a {@link DoraOperations}. Every
 * method is read and checked when the client is created, so a method that cannot be called fails start-up with an
 * {@link InvalidDoraClientException} naming it, never the first call.
 */
public class DoraClientProxyFactory {

	private final DoraOperations operations;

	private final UnaryOperator<String> resolver;

	/**
	 * @param operations the operations the clients call through
	 * @param resolver resolves {@code ${...}} placeholders in the annotations' values
	 */
	public DoraClientProxyFactory(DoraOperations operations, UnaryOperator<String> resolver) {
		this.operations = operations;
		this.resolver = resolver;
	}

	/** A factory whose annotations' values are used as written. */
	public DoraClientProxyFactory(DoraOperations operations) {
		this(operations, UnaryOperator.identity());
	}

	/**
	 * Creates the client of an interface.
	 * @throws InvalidDoraClientException if the type is not a {@code @DoraClient} interface or one of its methods
	 * cannot be called
	 */
	public <T> T createClient(Class<T> type) {
		Definition definition = define(type);
		return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type },
				new ClientInvocationHandler(type, definition.view(), definition.methods())));
	}

	/**
	 * Starts a multi-API call whose entries are calls of the interface's methods, each read with its own result
	 * type: {@code multi.add("user", (users) -> users.get(query))} or {@code multi.add("user", UserApi::get, query)}.
	 * The call goes where the interface's calls go.
	 * @throws InvalidDoraClientException if the type is not a {@code @DoraClient} interface or one of its methods
	 * cannot be called
	 */
	public <C> DoraClientMultiCall<C> multi(Class<C> type) {
		Definition definition = define(type);
		return new DoraClientMultiCall<>(type, definition.methods(), definition.view().multi());
	}

	private Definition define(Class<?> type) {
		DoraClient annotation = type.getAnnotation(DoraClient.class);
		if (!type.isInterface() || annotation == null) {
			throw new InvalidDoraClientException(type.getName(), "it is not an interface annotated @DoraClient",
					"Declare the client as an interface and annotate it with @DoraClient.");
		}
		DoraOperations view = view(type, annotation);
		Map<Method, DoraClientMethod> methods = new HashMap<>();
		for (Method method : type.getMethods()) {
			if (!method.isDefault() && !Modifier.isStatic(method.getModifiers())) {
				methods.put(method, DoraClientMethod.of(method, this.resolver));
			}
		}
		return new Definition(view, methods);
	}

	private DoraOperations view(Class<?> type, DoraClient annotation) {
		DoraOperations view = this.operations;
		String address = this.resolver.apply(annotation.address());
		String group = this.resolver.apply(StringUtils.hasText(annotation.group()) ? annotation.group()
				: annotation.value());
		String timeout = this.resolver.apply(annotation.timeout());
		String retries = this.resolver.apply(annotation.retries());
		try {
			if (StringUtils.hasText(address)) {
				view = view.withAddress(address);
			}
			else if (StringUtils.hasText(group)) {
				view = view.withGroup(group);
			}
			if (StringUtils.hasText(timeout)) {
				view = view.withTimeout(DurationFormatterUtils.detectAndParse(timeout));
			}
			if (StringUtils.hasText(retries)) {
				view = view.withRetries(Integer.parseInt(retries.trim()));
			}
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidDoraClientException(type.getName(),
					"its @DoraClient values do not parse (" + ex.getMessage() + ")",
					"Write the address as host:port, the timeout as a duration such as 2s or 500ms, the retries "
							+ "as a number.");
		}
		return view;
	}

	/** Where an interface's calls go and how each of its methods calls. */
	private record Definition(DoraOperations view, Map<Method, DoraClientMethod> methods) {

	}

	/** Routes each call of the interface to its method's call; default methods run as written. */
	private static final class ClientInvocationHandler implements InvocationHandler {

		private static final Object[] NO_ARGUMENTS = {};

		private final Class<?> type;

		private final DoraOperations view;

		private final Map<Method, DoraClientMethod> methods;

		ClientInvocationHandler(Class<?> type, DoraOperations view, Map<Method, DoraClientMethod> methods) {
			this.type = type;
			this.view = view;
			this.methods = methods;
		}

		@Override
		public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
			DoraClientMethod call = this.methods.get(method);
			if (call != null) {
				return call.invoke(this.view, (args != null) ? args : NO_ARGUMENTS);
			}
			if (method.isDefault()) {
				return InvocationHandler.invokeDefault(proxy, method, args);
			}
			return switch (method.getName()) {
				case "equals" -> proxy == args[0];
				case "hashCode" -> System.identityHashCode(proxy);
				case "toString" -> "Dora client " + this.type.getName();
				default -> throw new UnsupportedOperationException(method.toString());
			};
		}

	}

}
