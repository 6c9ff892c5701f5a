package io.dora.bench.micro;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

import io.dora.annotation.DoraApi;
import io.dora.annotation.DoraClient;
import io.dora.client.DoraAck;
import io.dora.client.DoraAsyncCall;
import io.dora.client.DoraMultiCall;
import io.dora.client.DoraOperations;
import io.dora.client.DoraResponse;
import io.dora.client.proxy.DoraClientProxyFactory;
import io.dora.protocol.ApiCall;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.TypeFactory;

import org.springframework.core.ParameterizedTypeReference;

/**
 * What a {@code @DoraClient} interface adds to a call in CPU, without the network: the same calls made through a
 * declarative client and directly on {@link DoraOperations}, both ending in operations that only resolve the
 * result type as {@code DoraTemplate} does per call and return a prepared value. The difference per call is the
 * client's own cost (proxy dispatch, method lookup, argument handling), to be set against the CPU a real call
 * costs end to end (BENCHMARKS.md). CPU time of this thread, median of rounds after a warm-up, each way in turn.
 * <p>
 * Run: {@code java -cp "dora-benchmarks/bench-micro/target/classes:$(cat dora-benchmarks/bench-micro/target/classpath.txt)" io.dora.bench.micro.DeclarativeCallCpu}
 */
public final class DeclarativeCallCpu {

	private static final int WARMUP_ROUNDS = 20;

	private static final int ROUNDS = 21;

	private static final int CALLS_PER_ROUND = 200_000;

	private static long sink;

	private DeclarativeCallCpu() {
	}

	public static void main(String[] args) {
		Operations operations = new Operations();
		Users users = new DoraClientProxyFactory(operations).createClient(Users.class);
		ParameterizedTypeReference<List<User>> userList = new ParameterizedTypeReference<>() {
		};
		long[] id = { 0 };
		Map<String, LongSupplier> ways = new LinkedHashMap<>();
		ways.put("template get", () -> operations.call("/user/get", ++id[0] & 1023, User.class).id());
		ways.put("client get", () -> users.get(++id[0] & 1023).id());
		ways.put("template list", () -> operations.call("/user/list", (int) (++id[0] & 7), userList).size());
		ways.put("client list", () -> users.list((int) (++id[0] & 7)).size());
		ways.put("template search", () -> {
			Map<String, Object> param = new LinkedHashMap<>();
			param.put("name", "ann");
			param.put("limit", (int) (++id[0] & 7));
			return operations.call("/user/search", param, userList).size();
		});
		ways.put("client search", () -> users.search("ann", (int) (++id[0] & 7)).size());
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		Map<String, List<Double>> perRound = new LinkedHashMap<>();
		ways.keySet().forEach((name) -> perRound.put(name, new ArrayList<>()));
		for (int round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
			for (Map.Entry<String, LongSupplier> way : ways.entrySet()) {
				LongSupplier call = way.getValue();
				long start = threads.getCurrentThreadCpuTime();
				for (int i = 0; i < CALLS_PER_ROUND; i++) {
					sink += call.getAsLong();
				}
				if (round >= WARMUP_ROUNDS) {
					perRound.get(way.getKey())
						.add((threads.getCurrentThreadCpuTime() - start) / (double) CALLS_PER_ROUND);
				}
			}
		}
		System.out.println("CPU ns per call without the network (median of " + ROUNDS + " rounds of "
				+ CALLS_PER_ROUND + ")");
		System.out.println("call     template  client  client - template");
		for (String call : List.of("get", "list", "search")) {
			double template = median(perRound.get("template " + call));
			double client = median(perRound.get("client " + call));
			System.out.println(String.format(Locale.ROOT, "%-8s %8.1f %7.1f %18.1f", call, template, client,
					client - template));
		}
		if (sink == 42) {
			System.out.println();
		}
	}

	private static double median(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		sorted.sort(null);
		return sorted.get(sorted.size() / 2);
	}

	public record User(long id, String name) {
	}

	@DoraClient
	public interface Users {

		@DoraApi("/user/get")
		User get(long id);

		@DoraApi("/user/list")
		List<User> list(int count);

		@DoraApi("/user/search")
		List<User> search(String name, int limit);

	}

	/** Resolves the result type as the template does per call, then answers at once. */
	static final class Operations implements DoraOperations {

		private final TypeFactory types = JsonMapper.builder().build().getTypeFactory();

		private final User user = new User(1, "ann");

		private final List<User> list = List.of(this.user, this.user);

		@Override
		@SuppressWarnings("unchecked")
		public <T> T call(String api, Object param, Class<T> resultType) {
			this.types.constructType(resultType);
			return (T) this.user;
		}

		@Override
		@SuppressWarnings("unchecked")
		public <T> T call(String api, Object param, ParameterizedTypeReference<T> resultType) {
			this.types.constructType(resultType.getType());
			return (T) ((resultType.getType() == User.class) ? this.user : this.list);
		}

		@Override
		public <T> CompletableFuture<T> callAsync(String api, Object param, Class<T> resultType) {
			throw new UnsupportedOperationException();
		}

		@Override
		public <T> CompletableFuture<T> callAsync(String api, Object param, ParameterizedTypeReference<T> resultType) {
			throw new UnsupportedOperationException();
		}

		@Override
		public DoraResponse exchange(String api, Object param) {
			throw new UnsupportedOperationException();
		}

		@Override
		public DoraResponse exchangeMulti(Map<String, ApiCall<?>> apis) {
			throw new UnsupportedOperationException();
		}

		@Override
		public DoraMultiCall multi() {
			throw new UnsupportedOperationException();
		}

		@Override
		public void send(String api, Object param) {
			throw new UnsupportedOperationException();
		}

		@Override
		public void sendMulti(Map<String, ApiCall<?>> apis) {
			throw new UnsupportedOperationException();
		}

		@Override
		public <T> DoraAsyncCall<T> submit(String api, Object param, Class<T> resultType) {
			throw new UnsupportedOperationException();
		}

		@Override
		public <T> DoraAsyncCall<T> submit(String api, Object param, ParameterizedTypeReference<T> resultType) {
			throw new UnsupportedOperationException();
		}

		@Override
		public DoraAsyncCall<DoraResponse> submitMulti(Map<String, ApiCall<?>> apis) {
			throw new UnsupportedOperationException();
		}

		@Override
		public CompletableFuture<DoraAck> sendAsync(String api, Object param) {
			throw new UnsupportedOperationException();
		}

		@Override
		public CompletableFuture<DoraAck> sendMultiAsync(Map<String, ApiCall<?>> apis) {
			throw new UnsupportedOperationException();
		}

		@Override
		public <T> DoraAsyncCall<T> submitAsync(String api, Object param, Class<T> resultType) {
			throw new UnsupportedOperationException();
		}

		@Override
		public <T> DoraAsyncCall<T> submitAsync(String api, Object param, ParameterizedTypeReference<T> resultType) {
			throw new UnsupportedOperationException();
		}

		@Override
		public DoraAsyncCall<DoraResponse> submitMultiAsync(Map<String, ApiCall<?>> apis) {
			throw new UnsupportedOperationException();
		}

		@Override
		public Map<String, DoraResponse> collectAsyncResults(Duration wait) {
			throw new UnsupportedOperationException();
		}

		@Override
		public void clearAsyncResults() {
			throw new UnsupportedOperationException();
		}

		@Override
		public DoraResponse command(String name) {
			throw new UnsupportedOperationException();
		}

		@Override
		public DoraOperations withGroup(String group) {
			throw new UnsupportedOperationException();
		}

		@Override
		public DoraOperations withAddress(String hostAndPort) {
			throw new UnsupportedOperationException();
		}

		@Override
		public DoraOperations withTimeout(Duration timeout) {
			throw new UnsupportedOperationException();
		}

		@Override
		public DoraOperations withRetries(int retries) {
			throw new UnsupportedOperationException();
		}

		@Override
		public DoraOperations withGuid(String guid) {
			throw new UnsupportedOperationException();
		}

	}

}
