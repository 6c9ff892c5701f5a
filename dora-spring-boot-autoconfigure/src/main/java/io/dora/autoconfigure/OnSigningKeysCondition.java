package io.dora.autoconfigure;

import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code dora.security.keys} holds at least one key: a map property, which
 * {@code @ConditionalOnProperty} cannot test.
 */
class OnSigningKeysCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Map<String, String> keys = Binder.get(context.getEnvironment())
			.bind("dora.security.keys", Bindable.mapOf(String.class, String.class))
			.orElse(Map.of());
		return keys.isEmpty() ? ConditionOutcome.noMatch("no dora.security.keys")
				: ConditionOutcome.match("dora.security.keys " + keys.keySet());
	}

}
