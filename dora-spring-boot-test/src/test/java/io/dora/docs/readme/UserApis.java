package io.dora.docs.readme;

import java.util.Map;

import io.dora.annotation.DoraApi;
import io.dora.handler.DoraCallContext;

import org.springframework.stereotype.Component;

@Component
class UserApis {

	@DoraApi("/user/get")
	User get(UserQuery query) {
		return new User(query.id(), "Ann");
	}

	@DoraApi("/module_a/**")            // a pattern serves a family of names
	Map<String, Object> moduleA(Map<String, Object> param, DoraCallContext context) {
		return Map.of("called", context.apiName());
	}

}
