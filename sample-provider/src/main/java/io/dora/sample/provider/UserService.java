package io.dora.sample.provider;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.LongStream;

import io.dora.sample.api.User;
import io.dora.sample.api.UserApi;
import io.dora.sample.api.UserQuery;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The provider's side of the shared {@link UserApi}: a plain bean implementing the interface. Each method is served
 * at the path the interface gives it; nothing here repeats a path.
 */
@Component
public class UserService implements UserApi {

	private static final Logger logger = LoggerFactory.getLogger(UserService.class);

	private final ProviderIdentity identity;

	private final Queue<String> auditEvents = new ConcurrentLinkedQueue<>();

	public UserService(ProviderIdentity identity) {
		this.identity = identity;
	}

	@Override
	public User get(UserQuery query) {
		return new User(query.id(), "user-" + query.id(), this.identity.name());
	}

	@Override
	public List<User> list(int count) {
		return LongStream.range(0, count).mapToObj((id) -> get(new UserQuery(id))).toList();
	}

	@Override
	public CompletableFuture<User> find(UserQuery query) {
		return CompletableFuture.completedFuture(get(query));
	}

	@Override
	public void audit(String event) {
		this.auditEvents.add(event);
		logger.info("audit event: {}", event);
	}

	/** The audit events received, oldest first. */
	public List<String> auditEvents() {
		return List.copyOf(this.auditEvents);
	}

}
