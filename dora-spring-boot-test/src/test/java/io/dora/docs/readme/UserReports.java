package io.dora.docs.readme;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.dora.DoraException;
import io.dora.client.DoraAsyncCall;
import io.dora.client.DoraMultiCall;
import io.dora.client.DoraMultiResult;
import io.dora.client.DoraOperations;
import io.dora.client.DoraResponse;
import io.dora.client.DoraResult;

import org.springframework.core.ParameterizedTypeReference;

class UserReports {

	private final DoraOperations dora;

	UserReports(DoraOperations dora) {
		this.dora = dora;
	}

	String multi() {
		DoraMultiCall multi = this.dora.multi();
		DoraMultiCall.Key<User> user = multi.add("user", "/user/get", new UserQuery(7), User.class);
		DoraMultiCall.Key<List<User>> team = multi.add("team", "/user/list", 3,
				new ParameterizedTypeReference<List<User>>() {
				});
		DoraMultiResult result = multi.deadline(Duration.ofSeconds(2)).execute();
		String who = result.isOk("user") ? result.get(user).name()       // each key has its own code
				: "no user: " + result.result("user").getCode();
		try {
			return who + " and " + result.get(team).size() + " others";
		}
		catch (DoraException ex) {                                       // get(key) throws that key's failure
			return who + ", team failed with " + ex.getCode();
		}
	}

	User awaitOne() {
		DoraAsyncCall<User> call = this.dora.submit("/user/get", new UserQuery(7), User.class);   // mode 2
		return call.await(Duration.ofSeconds(2));
	}

	int collectAll() {
		this.dora.submit("/user/get", new UserQuery(8), User.class);
		Map<String, DoraResponse> all = this.dora.collectAsyncResults(Duration.ofSeconds(2));      // by guid
		int users = 0;
		for (DoraResponse response : all.values()) {
			DoraResult entry = response.getResult();          // a multi call's entries: getResults()
			if (response.isOk() && entry.isOk()) {
				users += (entry.dataAs(User.class) != null) ? 1 : 0;
			}
		}
		return users;
	}

}
