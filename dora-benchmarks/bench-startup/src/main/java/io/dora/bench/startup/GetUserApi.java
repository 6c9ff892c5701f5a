package io.dora.bench.startup;

import io.dora.annotation.DoraApi;
import io.dora.bench.core.BenchUserService;
import io.dora.bench.core.User;

import org.springframework.stereotype.Component;

/** The one Dora handler of the start-up comparison. */
@Component
public class GetUserApi {

	private final BenchUserService service = new BenchUserService();

	@DoraApi("/user/get")
	public User getUser(long id) {
		return this.service.getUser(id);
	}

}
