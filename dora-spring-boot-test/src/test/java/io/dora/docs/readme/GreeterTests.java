package io.dora.docs.readme;

import io.dora.client.DoraRemoteException;
import io.dora.protocol.CallMode;
import io.dora.test.stub.AutoConfigureDoraStubs;
import io.dora.test.stub.DoraStubs;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@SpringBootTest
@AutoConfigureDoraStubs
class GreeterTests {

	@Autowired
	DoraStubs stubs;

	@Autowired
	Greeter greeter;

	@Test
	void greetsTheUserAndAuditsIt() {
		stubs.stub("/user/get").willReturn(new User(7, "Ann"));
		stubs.stub("/user/audit").willReturn(null);
		assertThat(greeter.greet(7)).isEqualTo("Hello Ann");
		assertThat(stubs.calls("/user/get")).singleElement()
			.satisfies((call) -> assertThat(call.param(UserQuery.class).id()).isEqualTo(7));
		// greet(...) also audits: a one-way call, recorded before audit(...) returned.
		assertThat(stubs.calls("/user/audit")).singleElement()
			.satisfies((call) -> assertThat(call.mode()).isEqualTo(CallMode.NO_RESULT));
	}

	@Test
	void reportsAMissingUser() {
		stubs.stub("/user/get").willFail(4004, "no such user");
		assertThatExceptionOfType(DoraRemoteException.class).isThrownBy(() -> greeter.greet(8))
			.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo(4004));
	}

}
