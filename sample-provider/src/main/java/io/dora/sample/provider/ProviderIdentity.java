package io.dora.sample.provider;

import java.util.LinkedHashMap;
import java.util.Map;

import io.dora.handler.DoraCallContext;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Builds the sample's answers so that the demo shows which provider served which call.
 */
@Component
public class ProviderIdentity {

	private final String name;

	public ProviderIdentity(@Value("${sample.provider.name:${spring.application.name}}") String name) {
		this.name = name;
	}

	/** The provider's name, shown in every answer. */
	String name() {
		return this.name;
	}

	Map<String, Object> answer(DoraCallContext context, Map<String, Object> param) {
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("api", context.apiName());
		answer.put("handler", context.mapping());
		answer.put("param", param);
		answer.put("served_by", this.name);
		answer.put("mode", context.mode().mode());
		return answer;
	}

}
