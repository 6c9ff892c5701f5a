package io.dora.docs.readme;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.dora.annotation.DoraApi;
import io.dora.annotation.DoraClient;
import io.dora.annotation.DoraOneWay;

@DoraClient
public interface UserApi {

	@DoraApi("/user/get")
	User get(UserQuery query);                          // mode 0: waits for the result

	@DoraApi("/user/list")
	List<User> list(int count);                         // generic results bind fully

	@DoraApi("/user/find")
	CompletableFuture<User> find(UserQuery query);      // mode 0 without blocking

	@DoraApi("/user/audit")
	@DoraOneWay
	void audit(String event);                           // mode 1: returns once the provider accepted it

}
