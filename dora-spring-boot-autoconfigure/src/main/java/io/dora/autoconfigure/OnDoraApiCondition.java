package io.dora.autoconfigure;

import io.dora.annotation.DoraApi;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Looks for {@code @DoraApi} on the classes and methods of the beans defined so far. Like
 * {@code @ConditionalOnBean}, it sees the application's own beans, which are registered before auto-configuration
 * is evaluated. Unlike it, it also finds method-level {@code @DoraApi} on ordinary beans.
 */
class OnDoraApiCondition extends SpringBootCondition implements ConfigurationCondition {

	@Override
	public ConfigurationPhase getConfigurationPhase() {
		// Bean methods of the application's configuration are registered by then.
		return ConfigurationPhase.REGISTER_BEAN;
	}

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
		if (beanFactory == null) {
			return ConditionOutcome.noMatch("no bean factory");
		}
		for (String name : beanFactory.getBeanDefinitionNames()) {
			Class<?> type = beanFactory.getType(name, false);
			if (type != null && hasDoraApi(ClassUtils.getUserClass(type))) {
				return ConditionOutcome.match("bean '" + name + "' declares @DoraApi");
			}
		}
		return ConditionOutcome.noMatch("no bean declares @DoraApi");
	}

	static boolean hasDoraApi(Class<?> type) {
		if (type.getName().startsWith("org.springframework.") || type.getName().startsWith("java.")) {
			return false;
		}
		if (AnnotatedElementUtils.hasAnnotation(type, DoraApi.class)) {
			return true;
		}
		boolean[] found = new boolean[1];
		ReflectionUtils.doWithMethods(type, (method) -> found[0] = true,
				(method) -> !found[0] && AnnotatedElementUtils.hasAnnotation(method, DoraApi.class));
		return found[0];
	}

}
