package io.dora.docs.readme;

import org.springframework.stereotype.Service;

@Service
class Greeter {

	private final UserApi users;                        // the client Dora made of the interface

	Greeter(UserApi users) {
		this.users = users;
	}

	String greet(long id) {
		User user = this.users.get(new UserQuery(id));
		this.users.audit("greeted " + id);
		return "Hello " + user.name();
	}

}
