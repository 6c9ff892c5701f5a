package io.dora.bench.dora.driver;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

import io.dora.bench.core.BenchClient;
import io.dora.bench.core.BenchData;
import io.dora.bench.core.Operation;
import io.dora.bench.core.Page;
import io.dora.bench.core.User;
import io.dora.client.DoraAsyncCall;
import io.dora.client.DoraMultiCall;
import io.dora.client.DoraMultiResult;
import io.dora.client.DoraOperations;
import io.dora.client.DoraResponse;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Drives Dora through its public API: {@code call} for sync calls, {@code multi()} for the fan-out,
 * {@code callAsync} for async calls joined later (as the peers' futures), {@code submitAsync} plus
 * {@code collectAsyncResults} (mode 2, pipelined) for the collect-later rows, {@code sendAsync} (mode 1,
 * pipelined) for fire-and-forget: each call returns at once and its acknowledgement arrives later, within the
 * client's pipeline window. Calls whose acknowledgement failed are counted ({@link #oneWayFailures()}).
 */
final class DoraBenchClient implements BenchClient {

	private static final String[] FAN_OUT_APIS = { "/user/get0", "/user/get1", "/user/get2", "/user/get3",
			"/user/get4", "/user/get5", "/user/get6", "/user/get7", "/user/get8", "/user/get9" };

	private static final String[] FAN_OUT_KEYS = { "k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8", "k9" };

	private final DoraOperations dora;

	private final ConfigurableApplicationContext context;

	private final BenchUsers users;

	private final LongAdder oneWayFailures = new LongAdder();

	/**
	 * @param users the declarative client that makes the sync calls, or {@code null} to make them with
	 * {@code dora.call(...)}
	 */
	DoraBenchClient(DoraOperations dora, ConfigurableApplicationContext context, BenchUsers users) {
		this.dora = dora;
		this.context = context;
		this.users = users;
	}

	@Override
	public Object call(Operation operation, long sequence) {
		if (this.users != null) {
			return switch (operation) {
				case EXIST_USER -> this.users.exist(Operation.email(sequence));
				case CREATE_USER -> this.users.create(Operation.newUser());
				case GET_USER -> this.users.get(sequence & 1023);
				case LIST_USER -> this.users.list((int) (sequence & 63));
				case ECHO -> this.users.echo(BenchData.echoText());
			};
		}
		return switch (operation) {
			case EXIST_USER -> this.dora.call("/user/exist", Operation.email(sequence), Boolean.class);
			case CREATE_USER -> this.dora.call("/user/create", Operation.newUser(), Boolean.class);
			case GET_USER -> this.dora.call("/user/get", sequence & 1023, User.class);
			case LIST_USER -> this.dora.call("/user/list", (int) (sequence & 63), Page.class);
			case ECHO -> this.dora.call("/echo", BenchData.echoText(), String.class);
		};
	}

	@Override
	public void fanOut(int apis, long id) {
		DoraMultiCall multi = this.dora.multi();
		for (int i = 0; i < apis; i++) {
			multi.add(FAN_OUT_KEYS[i], FAN_OUT_APIS[i], id, User.class);
		}
		DoraMultiResult result = multi.execute();
		for (int i = 0; i < apis; i++) {
			if (result.get(FAN_OUT_KEYS[i], User.class) == null) {
				throw new IllegalStateException("fan-out entry " + FAN_OUT_KEYS[i] + " has no user: " + result);
			}
		}
	}

	@Override
	public CompletableFuture<User> getUserAsync(long id) {
		return this.dora.callAsync("/user/get", id, User.class);
	}

	/** Mode 2, pipelined: every call is sent at once, acknowledged and its result pushed later, then all collected. */
	@Override
	public int collectBatch(int calls, long firstId, LongConsumer latency) {
		for (int i = 0; i < calls; i++) {
			long start = System.nanoTime();
			DoraAsyncCall<User> call = this.dora.submitAsync("/user/get", firstId + i, User.class);
			call.future().whenComplete((user, failure) -> {
				if (failure == null) {
					latency.accept(System.nanoTime() - start);
				}
			});
		}
		Map<String, DoraResponse> results = this.dora.collectAsyncResults(Duration.ofSeconds(30));
		int failed = 0;
		for (DoraResponse response : results.values()) {
			if (!response.isOk() || response.getResult() == null || !response.getResult().isOk()) {
				failed++;
			}
		}
		return failed + Math.max(0, calls - results.size());
	}

	@Override
	public void notifyOneWay(User user) {
		this.dora.sendAsync("/user/notify", user).whenComplete((ack, failure) -> {
			if (failure != null) {
				this.oneWayFailures.increment();
			}
		});
	}

	@Override
	public long oneWayFailures() {
		return this.oneWayFailures.sum();
	}

	@Override
	public long notifiedOnServer() {
		return this.dora.call("/user/notified", null, Long.class);
	}

	@Override
	public void close() {
		this.context.close();
	}

}
