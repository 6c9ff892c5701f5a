package io.dora.docs.readme;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;

import org.springframework.stereotype.Component;

@Component
class UserService implements UserApi {                 // served at the interface's paths

	@Override
	public User get(UserQuery query) {
		return new User(query.id(), "Ann");
	}

	@Override
	public List<User> list(int count) {
		return LongStream.range(0, count).mapToObj((id) -> new User(id, "user-" + id)).toList();
	}

	@Override
	public CompletableFuture<User> find(UserQuery query) {
		return CompletableFuture.completedFuture(get(query));
	}

	@Override
	public void audit(String event) {
	}

}
