package io.dora.sample.provider;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.dora.client.DoraOperations;
import io.dora.client.DoraRemoteException;
import io.dora.client.proxy.DoraClientProxyFactory;
import io.dora.sample.api.User;
import io.dora.sample.api.UserApi;
import io.dora.sample.api.UserQuery;
import io.dora.server.context.LocalDoraServerPort;
import io.dora.test.Await;
import io.dora.test.context.RandomDoraServerPort;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The sample provider serves every API name the original client example calls, on a free Dora port, and exposes
 * health, the dora endpoint and metrics on a management port bound to loopback only, never on its public HTTP port.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "dora.registry.enabled=false", "management.server.port=0" })
@RandomDoraServerPort
class SampleProviderApplicationTests {

	@Autowired
	private DoraOperations dora;

	@LocalDoraServerPort
	private int port;

	@LocalServerPort
	private int httpPort;

	@LocalManagementPort
	private int managementPort;

	@Autowired
	private ManagementServer managementServer;

	@Autowired
	private UserService userService;

	private DoraOperations local;

	private RestClient management;

	@BeforeEach
	void connect() {
		this.local = this.dora.withAddress("127.0.0.1:" + this.port);
		this.management = RestClient.create("http://127.0.0.1:" + this.managementPort);
	}

	@Test
	void servesEveryNameOfTheSeedExample() {
		String[] names = { "/module_a/abc", "/module_a/abc7", "/module_b/abc7", "/module_c/abd7", "/module_c/dd7",
				"/module_f/ef7", "/module_d/oakdf7", "/module_e/oakdfff7", "/module_a/oakdf7", "/module_b/oakdfff7",
				"/module_d/oakdf", "/module_e/oakdfff" };
		for (String name : names) {
			@SuppressWarnings("unchecked")
			Map<String, Object> answer = this.local.call(name, Map.of("foo", 7), Map.class);
			assertThat(answer).containsEntry("api", name).containsEntry("param", Map.of("foo", 7));
		}
		@SuppressWarnings("unchecked")
		Map<String, Object> exact = this.local.call("/module_a/abc", Map.of(), Map.class);
		assertThat(exact).containsEntry("handler", "/module_a/abc");
	}

	@Test
	void servesTheSharedInterfaceAtItsPaths() throws Exception {
		UserApi users = new DoraClientProxyFactory(this.local).createClient(UserApi.class);
		assertThat(users.get(new UserQuery(7))).isEqualTo(new User(7, "user-7", "sample-provider"));
		assertThat(users.list(2)).containsExactly(new User(0, "user-0", "sample-provider"),
				new User(1, "user-1", "sample-provider"));
		assertThat(users.find(new UserQuery(3)).get(10, TimeUnit.SECONDS).name()).isEqualTo("user-3");
		users.audit("signed-in");
		Await.until("the audit event arrived", () -> this.userService.auditEvents().contains("signed-in"));
	}

	@Test
	void handlerChoosesItsCode() {
		assertThatThrownBy(() -> this.local.call("/module_x/refuse", Map.of(), Object.class))
			.isInstanceOfSatisfying(DoraRemoteException.class, (ex) -> assertThat(ex.getCode()).isEqualTo(4001));
	}

	@Test
	void actuatorIsOnlyOnTheManagementPortAndThatPortOnlyOnLoopback() {
		RestClient publicPort = RestClient.create("http://127.0.0.1:" + this.httpPort);
		for (String path : new String[] { "/actuator/health", "/actuator/dora", "/actuator/metrics" }) {
			assertThatExceptionOfType(HttpClientErrorException.NotFound.class)
				.isThrownBy(() -> publicPort.get().uri(path).retrieve().toBodilessEntity());
		}
		assertThat(this.managementPort).isNotEqualTo(this.httpPort);
		assertThat(this.managementServer.address()).isNotNull()
			.satisfies((address) -> assertThat(address.isLoopbackAddress()).isTrue());
	}

	@Test
	void doraEndpointNamesNoClasses() {
		String dora = this.management.get().uri("/actuator/dora").retrieve().body(String.class);
		assertThat(dora).contains("/module_a/abc").doesNotContain("io.dora.").doesNotContain("java.util");
	}

	@Test
	void healthReportsTheDoraServer() {
		JsonNode dora = get("/actuator/health/dora");
		assertThat(dora.path("status").asString()).isEqualTo("UP");
		assertThat(dora.path("components").path("server").path("details").path("port").asInt()).isEqualTo(this.port);
	}

	@Test
	void doraEndpointListsTheApisAndTheFigures() {
		this.local.call("/module_a/abc", Map.of(), Map.class);
		JsonNode server = get("/actuator/dora").path("server");
		assertThat(server.path("port").asInt()).isEqualTo(this.port);
		assertThat(server.path("apis").findValuesAsString("path")).contains("/module_a/abc", "/module_a/**",
				"/module_x/refuse");
		assertThat(server.path("apis").get(0).path("bean").asString()).isEqualTo("abcApi");
		assertThat(server.path("statistics").path("apis").path("/module_a/abc").path("calls").asLong()).isPositive();
	}

	@Test
	void metricsHaveTheServerTimer() {
		this.local.call("/module_d/oakdf", Map.of(), Map.class);
		JsonNode timer = get("/actuator/metrics/dora.server.requests?tag=api:/module_d/**");
		assertThat(timer.path("measurements").get(0).path("value").asDouble()).isPositive();
		assertThat(timer.path("availableTags").findValuesAsString("tag")).contains("mode", "outcome", "transport");
	}

	private JsonNode get(String path) {
		return this.management.get().uri(path).retrieve().body(JsonNode.class);
	}

	/** The address the management server's connector is bound to, as Tomcat reports it when it starts. */
	@TestConfiguration(proxyBeanMethods = false)
	static class ManagementServer implements ApplicationListener<WebServerInitializedEvent> {

		private volatile InetAddress address;

		@Override
		public void onApplicationEvent(WebServerInitializedEvent event) {
			if ("management".equals(event.getApplicationContext().getServerNamespace())
					&& event.getWebServer() instanceof TomcatWebServer tomcat) {
				this.address = (InetAddress) tomcat.getTomcat().getConnector().getProperty("address");
			}
		}

		InetAddress address() {
			return this.address;
		}

	}

}
