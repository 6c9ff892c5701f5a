package io.dora.test;

/**
 * A Redis the tests run applications against: one server, a Cluster or a Sentinel setup. Each says which
 * {@code spring.data.redis.*} properties reach it.
 */
public interface RedisDeployment {

	/** Spring Boot properties that point an application at this Redis. */
	String[] springProperties();

}
