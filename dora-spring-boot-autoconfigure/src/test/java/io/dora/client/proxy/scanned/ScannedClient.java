package io.dora.client.proxy.scanned;

import io.dora.annotation.DoraApi;
import io.dora.annotation.DoraClient;
import io.dora.test.TestHandlers.User;
import io.dora.test.TestHandlers.UserQuery;

/** Found by auto-detection in the application's package; calls the provider named by a property. */
@DoraClient(address = "${test.provider}", timeout = "5s", retries = "0")
public interface ScannedClient {

	@DoraApi("/user/get")
	User get(UserQuery query);

}
