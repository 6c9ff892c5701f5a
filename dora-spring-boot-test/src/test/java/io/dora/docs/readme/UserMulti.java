package io.dora.docs.readme;

import java.util.List;

import io.dora.client.DoraMultiCall;
import io.dora.client.DoraMultiResult;
import io.dora.client.proxy.DoraClientMultiCall;
import io.dora.client.proxy.DoraClientProxyFactory;

class UserMulti {

	private final DoraClientProxyFactory clients;                // a bean of the starter

	UserMulti(DoraClientProxyFactory clients) {
		this.clients = clients;
	}

	String annAndTeam() {
		DoraClientMultiCall<UserApi> multi = this.clients.multi(UserApi.class);
		DoraMultiCall.Key<User> ann = multi.add("ann", (users) -> users.get(new UserQuery(7)));
		DoraMultiCall.Key<List<User>> team = multi.add("team", UserApi::list, 3);
		DoraMultiResult result = multi.execute();                // one request; the entries run concurrently
		return result.get(ann).name() + " and " + result.get(team).size() + " others";
	}

}
