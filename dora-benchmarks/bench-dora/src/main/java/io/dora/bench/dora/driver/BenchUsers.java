package io.dora.bench.dora.driver;

import io.dora.annotation.DoraApi;
import io.dora.annotation.DoraClient;
import io.dora.bench.core.Page;
import io.dora.bench.core.User;

/** The benchmark's APIs as a declarative client, for the {@code dora-declarative} peer. */
@DoraClient
interface BenchUsers {

	@DoraApi("/user/exist")
	Boolean exist(String email);

	@DoraApi("/user/create")
	Boolean create(User user);

	@DoraApi("/user/get")
	User get(long id);

	@DoraApi("/user/list")
	Page list(int pageNo);

	@DoraApi("/echo")
	String echo(String text);

}
