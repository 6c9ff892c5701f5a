package io.dora.docs.readme;

import io.dora.client.DoraOperations;

import org.springframework.stereotype.Service;

@Service
class TemplateGreeter {

	private final DoraOperations dora;

	TemplateGreeter(DoraOperations dora) {
		this.dora = dora;
	}

	String greet(long id) {
		User user = this.dora.call("/user/get", new UserQuery(id), User.class);
		this.dora.send("/user/audit", "greeted " + id);
		return "Hello " + user.name();
	}

}
