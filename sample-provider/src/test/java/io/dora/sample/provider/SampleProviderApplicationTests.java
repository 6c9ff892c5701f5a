package io.dora.sample.provider;

import java.util.Map;

import io.dora.client.DoraOperations;
import io.dora.client.DoraRemoteException;
import io.dora.server.LocalDoraServerPort;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The sample provider serves every API name the original client example calls.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "dora.server.port=0", "dora.registry.enabled=false" })
class SampleProviderApplicationTests {

	@Autowired
	private DoraOperations dora;

	@LocalDoraServerPort
	private int port;

	@Test
	void servesEveryNameOfTheSeedExample() {
		DoraOperations local = this.dora.withAddress("127.0.0.1:" + this.port);
		String[] names = { "/module_a/abc", "/module_a/abc7", "/module_b/abc7", "/module_c/abd7", "/module_c/dd7",
				"/module_f/ef7", "/module_d/oakdf7", "/module_e/oakdfff7", "/module_a/oakdf7", "/module_b/oakdfff7",
				"/module_d/oakdf", "/module_e/oakdfff" };
		for (String name : names) {
			@SuppressWarnings("unchecked")
			Map<String, Object> answer = local.call(name, Map.of("foo", 7), Map.class);
			assertThat(answer).containsEntry("api", name).containsEntry("param", Map.of("foo", 7));
		}
		@SuppressWarnings("unchecked")
		Map<String, Object> exact = local.call("/module_a/abc", Map.of(), Map.class);
		assertThat(exact).containsEntry("handler", "/module_a/abc");
	}

	@Test
	void handlerChoosesItsCode() {
		DoraOperations local = this.dora.withAddress("127.0.0.1:" + this.port);
		assertThatThrownBy(() -> local.call("/module_x/refuse", Map.of(), Object.class))
			.isInstanceOfSatisfying(DoraRemoteException.class, (ex) -> assertThat(ex.getCode()).isEqualTo(4001));
	}

}
