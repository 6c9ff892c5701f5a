package io.dora.docs.readme;

import io.dora.client.DoraOperations;
import io.dora.server.context.LocalDoraServerPort;
import io.dora.test.context.RandomDoraServerPort;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(properties = "dora.registry.enabled=false")
@RandomDoraServerPort
class UserApisTests {

	@LocalDoraServerPort
	int port;

	@Autowired
	DoraOperations dora;

	@Test
	void getsAUser() {
		User user = dora.withAddress("127.0.0.1:" + port).call("/user/get", new UserQuery(7), User.class);
		assertThat(user.name()).isEqualTo("Ann");
	}

}
