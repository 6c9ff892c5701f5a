package io.dora.sample.consumer;

import java.util.List;

import io.dora.annotation.DoraApi;
import io.dora.annotation.DoraClient;
import io.dora.client.DoraAsyncCall;
import io.dora.sample.api.User;

/**
 * A consumer-only client of the provider's {@code /user/list}: mode 2, the result pushed later. It stays out of
 * the shared {@link io.dora.sample.api.UserApi} because a provider cannot return a {@link DoraAsyncCall}. Found by
 * the starter in the application's package; no registration needed.
 */
@DoraClient
public interface UserReports {

	@DoraApi("/user/list")
	DoraAsyncCall<List<User>> listLater(int count);

}
