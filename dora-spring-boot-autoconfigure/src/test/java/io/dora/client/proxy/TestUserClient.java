package io.dora.client.proxy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.dora.annotation.DoraApi;
import io.dora.annotation.DoraClient;
import io.dora.annotation.DoraOneWay;
import io.dora.annotation.DoraParam;
import io.dora.client.DoraAck;
import io.dora.client.DoraAsyncCall;
import io.dora.client.DoraCallOptions;
import io.dora.client.DoraResponse;
import io.dora.test.TestHandlers.User;
import io.dora.test.TestHandlers.UserQuery;

/** A client of {@link io.dora.test.TestHandlers} with a method for every return type and mode. */
@DoraClient
public interface TestUserClient {

	@DoraApi("/user/get")
	User get(UserQuery query);

	@DoraApi("/user/list")
	List<User> list(int count);

	@DoraApi("/user/get")
	CompletableFuture<User> getAsync(UserQuery query);

	@DoraApi("/user/list")
	CompletionStage<List<User>> listStage(int count);

	@DoraApi("/count")
	@DoraOneWay
	void count(String key);

	@DoraApi("/count")
	DoraAck countAcknowledged(String key);

	@DoraApi("/count")
	@DoraOneWay
	CompletableFuture<DoraAck> countPipelined(String key);

	@DoraApi("/count")
	@DoraOneWay
	CompletionStage<DoraAck> countPipelinedStage(String key);

	@DoraApi("/user/list")
	DoraAsyncCall<List<User>> listLater(int count);

	@DoraApi("/user/get")
	DoraResponse getRaw(UserQuery query);

	@DoraApi("/echo")
	Map<String, Object> echoNamed(@DoraParam("first") String a, int second);

	@DoraApi("/echo")
	String echo(String text, DoraCallOptions options);

	@DoraApi("/wait")
	String waitFor(DoraCallOptions options, String label);

	@DoraApi("/fail/coded")
	String fail();

	@DoraApi("/fail/coded")
	CompletableFuture<String> failAsync();

	default String nameOf(long id) {
		return get(new UserQuery(id)).name();
	}

}
