package io.dora.sample.consumer;

import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

import io.dora.DoraException;
import io.dora.actuate.endpoint.DoraActuatorEndpoint;
import io.dora.client.DoraAsyncCall;
import io.dora.client.DoraOperations;
import io.dora.client.DoraResponse;
import io.dora.protocol.ApiCall;
import io.dora.sample.api.User;
import io.dora.sample.api.UserApi;
import io.dora.sample.api.UserQuery;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.stereotype.Component;

/**
 * The original README's TCP client loop, call for call: single and multi calls in modes 0, 1 and 2, then
 * collecting every async result, timing each round.
 */
@Component
public class SeedClientExample implements ApplicationRunner, ExitCodeGenerator {

	private final DoraOperations dora;

	private final JsonMapper json;

	private final int iterations;

	private final ObjectProvider<DoraActuatorEndpoint> endpoint;

	private final PrintStream out = System.out;

	private int failures;

	private final UserApi users;

	private final UserReports reports;

	public SeedClientExample(DoraOperations dora, UserApi users, UserReports reports, JsonMapper json,
			@Value("${sample.consumer.iterations:3}") int iterations, ObjectProvider<DoraActuatorEndpoint> endpoint) {
		this.dora = dora;
		this.users = users;
		this.reports = reports;
		this.json = json;
		this.iterations = iterations;
		this.endpoint = endpoint;
	}

	@Override
	public void run(ApplicationArguments args) {
		double max = 0;
		for (int i = 0; i < this.iterations; i++) {
			long start = System.nanoTime();
			round(i);
			double cost = (System.nanoTime() - start) / 1e9;
			max = Math.max(max, cost);
			this.out.printf("%d cost:%.5f%n", i, cost);
		}
		this.out.printf("max:%.5f%n", max);
		typedCalls();
		declarativeCalls();
		// What an operator reads from the actuator endpoint dora (over JMX here): the groups and their providers.
		this.endpoint.ifAvailable((dora) -> this.out.println("groups as this consumer sees them: "
				+ this.json.writeValueAsString(dora.dora(SecurityContext.NONE).client().groups())));
		this.out.println(this.failures == 0 ? "DEMO OK: every call returned its result"
				: "DEMO FAILED: " + this.failures + " calls did not succeed");
	}

	private void round(int i) {
		// single && sync
		show("single sync", this.dora.exchange("/module_a/abc" + i, Map.of("mark", 234, "foo", i)));

		// single call && async, no result: returns once the provider accepted it (100001)
		attempt("single async", () -> this.dora.send("/module_b/abc" + i, Map.of("yes", 21321, "foo", i)));

		// single call && async, result collected later
		attempt("single async result", () -> this.dora.submit("/module_c/abd" + i, Map.of("yes", 233, "foo", i),
				Map.class));

		// multi && sync
		Map<String, ApiCall<?>> data = new LinkedHashMap<>();
		data.put("oak", new ApiCall<>("/module_c/dd" + i, Map.of("uid", "ff")));
		data.put("cd", new ApiCall<>("/module_f/ef" + i, Map.of("pathid", "fds")));
		show("multi sync", this.dora.exchangeMulti(data));

		// multi && async, no result
		Map<String, ApiCall<?>> noResult = new LinkedHashMap<>();
		noResult.put("oak", new ApiCall<>("/module_d/oakdf" + i, Map.of("dsaf", "32111321")));
		noResult.put("cd", new ApiCall<>("/module_e/oakdfff" + i, Map.of("codo", "f11ds")));
		attempt("multi async", () -> this.dora.sendMulti(noResult));

		// multi && async, result collected later
		Map<String, ApiCall<?>> later = new LinkedHashMap<>();
		later.put("oak", new ApiCall<>("/module_a/oakdf" + i, Map.of("dsaf", "11")));
		later.put("cd", new ApiCall<>("/module_b/oakdfff" + i, Map.of("codo", "f11ds")));
		attempt("multi async result", () -> this.dora.submitMulti(later));

		// get all the async results
		Map<String, DoraResponse> all = this.dora.collectAsyncResults(Duration.ofSeconds(3));
		this.out.println("allresult: " + all.size() + " async results");
		all.forEach((guid, response) -> show("  " + guid, response));
	}

	private void typedCalls() {
		@SuppressWarnings("unchecked")
		Map<String, Object> typed = this.dora.call("/module_a/abc", Map.of("mark", 1), Map.class);
		this.out.println("typed call /module_a/abc -> " + typed);
		try {
			this.dora.call("/module_x/refuse", Map.of("why", "demo"), Object.class);
		}
		catch (DoraException ex) {
			this.out.println("typed call /module_x/refuse -> DoraException code " + ex.getCode() + ": " + ex.getMessage());
		}
		show("getStat", this.dora.command("getStat"));
	}

	/** The shared contract through its declarative client: each return type chooses the mode. */
	private void declarativeCalls() {
		print("UserApi.get (mode 0)", () -> this.users.get(new UserQuery(7)));
		print("UserApi.list (mode 0, List<User>)", () -> this.users.list(2));
		print("UserApi.find (mode 0, CompletableFuture)", () -> this.users.find(new UserQuery(8)).join());
		attempt("UserApi.audit (mode 1, @DoraOneWay)", () -> this.users.audit("demo-consumer-ran"));
		print("UserReports.listLater (mode 2, DoraAsyncCall)", () -> {
			DoraAsyncCall<List<User>> later = this.reports.listLater(3);
			return later.await(Duration.ofSeconds(3));
		});
	}

	private void print(String label, Supplier<Object> call) {
		try {
			this.out.println(label + " -> " + call.get());
		}
		catch (DoraException | CompletionException ex) {
			DoraException failure = (ex instanceof DoraException dora) ? dora : (DoraException) ex.getCause();
			this.failures++;
			this.out.println(label + ": failed " + failure.getCode() + " " + failure.getMessage());
		}
	}

	private void show(String label, DoraResponse response) {
		boolean ok = response.isOk() && (response.getResult() == null || response.getResult().isOk())
				&& response.getResults().values().stream().allMatch((result) -> result.isOk());
		if (!ok) {
			this.failures++;
		}
		this.out.println(label + ": " + render(response));
	}

	private void attempt(String label, Runnable call) {
		try {
			call.run();
			this.out.println(label + ": accepted (100001 transfer success)");
		}
		catch (DoraException ex) {
			this.failures++;
			this.out.println(label + ": failed " + ex.getCode() + " " + ex.getMessage());
		}
	}

	private String render(DoraResponse response) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("guid", response.getGuid());
		view.put("code", response.getCode());
		view.put("msg", response.getMsg());
		if (response.getResult() != null) {
			view.put("data", result(response.getResult()));
		}
		else if (!response.getResults().isEmpty()) {
			Map<String, Object> byKey = new LinkedHashMap<>();
			response.getResults().forEach((key, result) -> byKey.put(key, result(result)));
			view.put("data", byKey);
		}
		return this.json.writeValueAsString(view);
	}

	private static Map<String, Object> result(io.dora.client.DoraResult result) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("code", result.getCode());
		view.put("msg", result.getMsg());
		view.put("data", result.getData());
		return view;
	}

	@Override
	public int getExitCode() {
		return (this.failures == 0) ? 0 : 1;
	}

}
