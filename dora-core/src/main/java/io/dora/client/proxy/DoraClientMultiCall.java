package io.dora.client.proxy;

import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;

import io.dora.client.DoraAck;
import io.dora.client.DoraAsyncCall;
import io.dora.client.DoraMultiCall;
import io.dora.client.DoraMultiResult;

/**
 * A multi-API call whose entries are written as calls of a {@code @DoraClient} interface, so that each entry's
 * API, param and result type come from the interface instead of strings:
 *
 * <pre class="code">
 * DoraClientMultiCall&lt;UserApi&gt; multi = clients.multi(UserApi.class);
 * DoraMultiCall.Key&lt;User&gt; ann = multi.add("ann", (users) -&gt; users.get(new UserQuery(7)));
 * DoraMultiCall.Key&lt;List&lt;User&gt;&gt; team = multi.add("team", UserApi::list, 3);
 * DoraMultiResult result = multi.execute();
 * User user = result.get(ann);
 * </pre>
 *
 * The function given to {@code add} is run once against a recorder, not against the provider: it must call one
 * method of the interface, one that returns its data, and return that method's result. Not thread-safe; make one
 * per request.
 *
 * @param <C> the client interface
 */
public final class DoraClientMultiCall<C> {

	private final Map<Method, DoraClientMethod> methods;

	private final DoraMultiCall multi;

	private final C recorder;

	private final Recording recording = new Recording();

	DoraClientMultiCall(Class<C> type, Map<Method, DoraClientMethod> methods, DoraMultiCall multi) {
		this.methods = methods;
		this.multi = multi;
		this.recorder = type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type },
				(proxy, method, args) -> this.recording.record(method, args)));
	}

	/**
	 * Adds the entry {@code key}: the interface method {@code call} calls, with its arguments.
	 * @throws IllegalArgumentException if {@code call} does not call exactly one method that returns its data
	 */
	public <T> DoraMultiCall.Key<T> add(String key, Function<C, T> call) {
		this.recording.start();
		call.apply(this.recorder);
		DoraClientMethod method = this.methods.get(this.recording.method());
		if (method == null) {
			throw new IllegalArgumentException("The entry '" + key + "' calls " + this.recording.method()
					+ ", which is not a method that calls an API");
		}
		return method.addTo(this.multi, key, this.recording.args());
	}

	/** Adds the entry {@code key}: a method of one parameter, such as {@code UserApi::get}, and its argument. */
	public <P, T> DoraMultiCall.Key<T> add(String key, BiFunction<C, P, T> method, P param) {
		return add(key, (client) -> method.apply(client, param));
	}

	/** The overall time the call may take; see {@link DoraMultiCall#deadline(Duration)}. */
	public DoraClientMultiCall<C> deadline(Duration deadline) {
		this.multi.deadline(deadline);
		return this;
	}

	/** Mode 0: runs the entries and waits; read each entry with {@code result.get(key)}. */
	public DoraMultiResult execute() {
		return this.multi.execute();
	}

	/** Mode 1: returns once the provider accepted every entry. */
	public void send() {
		this.multi.send();
	}

	/** Mode 1, pipelined: returns at once with the future of the acknowledgement. */
	public CompletableFuture<DoraAck> sendAsync() {
		return this.multi.sendAsync();
	}

	/** Mode 2: acknowledged now, results later. */
	public DoraAsyncCall<DoraMultiResult> submit() {
		return this.multi.submit();
	}

	/** Mode 2, pipelined: the handle at once; its acknowledgement and result complete later. */
	public DoraAsyncCall<DoraMultiResult> submitAsync() {
		return this.multi.submitAsync();
	}

	/** The one method call a function made on the recorder. */
	private static final class Recording {

		private Method method;

		private Object[] args;

		private int calls;

		void start() {
			this.method = null;
			this.args = null;
			this.calls = 0;
		}

		Object record(Method method, Object[] args) {
			this.calls++;
			this.method = method;
			this.args = (args != null) ? args : new Object[0];
			Class<?> type = method.getReturnType();
			return (type.isPrimitive() && type != void.class) ? Array.get(Array.newInstance(type, 1), 0) : null;
		}

		Method method() {
			if (this.calls != 1) {
				throw new IllegalArgumentException(
						"An entry must call one method of the client interface, but it called " + this.calls);
			}
			return this.method;
		}

		Object[] args() {
			return this.args;
		}

	}

}
