package io.dora.test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.dora.DoraException;
import io.dora.annotation.DoraApi;
import io.dora.handler.DoraCallContext;

/**
 * Handlers the end-to-end tests call. Slow handlers wait on latches the tests open, never on timers.
 */
public class TestHandlers {

	/** Opened by a test to let {@code /wait} calls finish. */
	public volatile CountDownLatch gate = new CountDownLatch(0);

	/** Counts down once per {@code /wait} call that started. */
	public volatile CountDownLatch started = new CountDownLatch(0);

	/** Executions per key of {@code /count}. */
	public final Map<String, AtomicInteger> executions = new ConcurrentHashMap<>();

	public record UserQuery(long id) {
	}

	public record User(long id, String name, List<Integer> tags) {
	}

	@DoraApi("/echo")
	public Object echo(Object param) {
		return param;
	}

	@DoraApi("/user/get")
	public User getUser(UserQuery query) {
		return new User(query.id(), "user-" + query.id(), List.of(1, 2, 3));
	}

	@DoraApi("/user/list")
	public List<User> listUsers(int count) {
		return java.util.stream.IntStream.range(0, count).mapToObj((i) -> new User(i, "user-" + i, List.of(i))).toList();
	}

	@DoraApi("/fail/coded")
	public Object failCoded() {
		throw new DoraException(4242, "custom failure");
	}

	@DoraApi("/fail/boom")
	public Object failBoom() {
		throw new IllegalStateException("secret internal detail of TestHandlers");
	}

	@DoraApi("/wait")
	public String waitForGate(String label) throws InterruptedException {
		this.started.countDown();
		if (!this.gate.await(30, TimeUnit.SECONDS)) {
			throw new IllegalStateException("gate never opened");
		}
		return "done " + label;
	}

	@DoraApi("/count")
	public int count(String key) {
		return this.executions.computeIfAbsent(key, (k) -> new AtomicInteger()).incrementAndGet();
	}

	/** Counts the execution, then takes a few milliseconds: a provider with a fixed capacity. */
	@DoraApi("/slow-count")
	public int countSlowly(String key) throws InterruptedException {
		int count = this.executions.computeIfAbsent(key, (k) -> new AtomicInteger()).incrementAndGet();
		Thread.sleep(5);
		return count;
	}

	/** Counts the execution, then waits for the gate: lets a test hold a counted call in flight. */
	@DoraApi("/count-wait")
	public int countThenWait(String key) throws InterruptedException {
		int count = this.executions.computeIfAbsent(key, (k) -> new AtomicInteger()).incrementAndGet();
		this.started.countDown();
		if (!this.gate.await(30, TimeUnit.SECONDS)) {
			throw new IllegalStateException("gate never opened");
		}
		return count;
	}

	/** Executions of {@code key} so far. */
	public int executionsOf(String key) {
		AtomicInteger count = this.executions.get(key);
		return (count != null) ? count.get() : 0;
	}

	@DoraApi("/module_a/**")
	public String anyModuleA(Map<String, Object> param, DoraCallContext context) {
		return "pattern " + context.mapping() + " served " + context.apiName();
	}

	@DoraApi("/module_a/abc")
	public String exactModuleA(DoraCallContext context) {
		return "exact " + context.apiName();
	}

	@DoraApi("/user/{id}")
	public String userById(DoraCallContext context) {
		return "user " + context.pathVariables().get("id");
	}

	/** Opens a fresh gate that blocks {@code /wait} until {@link #open()}. */
	public void close(int expectedStarts) {
		this.gate = new CountDownLatch(1);
		this.started = new CountDownLatch(expectedStarts);
	}

	public void open() {
		this.gate.countDown();
	}

}
