package io.dora.docs.readme;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.dora.client.DoraAck;
import io.dora.client.DoraOperations;
import io.dora.client.DoraResponse;

class UserNotifications {

	private final DoraOperations dora;

	UserNotifications(DoraOperations dora) {
		this.dora = dora;
	}

	int auditAll(List<String> events) {
		List<CompletableFuture<DoraAck>> acks = new ArrayList<>();
		for (String event : events) {
			acks.add(this.dora.sendAsync("/user/audit", event));        // returns at once, mode 1 pipelined
		}
		CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).join();   // all accepted, or the failure
		return acks.size();
	}

	Map<String, DoraResponse> getAll(List<Long> ids) {
		for (long id : ids) {
			this.dora.submitAsync("/user/get", new UserQuery(id), User.class);   // mode 2 pipelined
		}
		return this.dora.collectAsyncResults(Duration.ofSeconds(2));    // results or refusals, by guid
	}

}
