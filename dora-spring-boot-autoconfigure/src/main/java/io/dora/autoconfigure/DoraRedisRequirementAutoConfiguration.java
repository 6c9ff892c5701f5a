package io.dora.autoconfigure;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.core.env.Environment;

/**
 * Without Spring Data Redis on the class path, fails the start-up of an application whose configuration asks for
 * the Redis registry or the Redis replay memory, saying to add {@code spring-boot-starter-data-redis}: the
 * auto-configurations of those features need Spring Data Redis and would otherwise back off in silence, leaving a
 * provider unregistered. Client groups without endpoints are checked where the static discovery is made
 * ({@link DoraClientAutoConfiguration}).
 */
@AutoConfiguration(before = { DoraServerAutoConfiguration.class, DoraClientAutoConfiguration.class })
@ConditionalOnMissingClass(SpringDataRedisRequirement.SPRING_DATA_REDIS_CLASS)
public final class DoraRedisRequirementAutoConfiguration implements InitializingBean {

	private final Environment environment;

	DoraRedisRequirementAutoConfiguration(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void afterPropertiesSet() {
		SpringDataRedisRequirement.checkProperties(this.environment);
	}

}
