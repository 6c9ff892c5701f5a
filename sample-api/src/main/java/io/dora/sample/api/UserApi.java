package io.dora.sample.api;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.dora.annotation.DoraApi;
import io.dora.annotation.DoraClient;
import io.dora.annotation.DoraOneWay;

/**
 * The contract between the sample provider and the sample consumer. The provider implements it and serves each
 * method at its path; the consumer injects it and calls the provider, the mode chosen by each return type.
 */
@DoraClient
public interface UserApi {

	/** Mode 0: waits for the user. */
	@DoraApi("/user/get")
	User get(UserQuery query);

	/** Mode 0 with a generic result. */
	@DoraApi("/user/list")
	List<User> list(int count);

	/** Mode 0 without blocking the caller. */
	@DoraApi("/user/find")
	CompletableFuture<User> find(UserQuery query);

	/** Mode 1: returns once the provider accepted the event. */
	@DoraApi("/user/audit")
	@DoraOneWay
	void audit(String event);

}
