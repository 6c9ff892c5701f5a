package io.dora.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares an interface whose {@link DoraApi @DoraApi} methods call a Dora provider. The interface becomes a bean
 * (found in the application's packages, or listed with {@code @ImportDoraClients}); each method's return type
 * chooses the call mode. The same interface may be implemented by the provider's handler bean, which then serves
 * the paths without repeating them.
 * <p>
 * Where the calls go: {@link #address()} if set, else {@link #group()} if set, else the client's default group.
 * Every attribute resolves {@code ${...}} placeholders.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface DoraClient {

	/** Alias for {@link #group()}. */
	String value() default "";

	/** The provider group the calls go to; empty for the client's default group. */
	String group() default "";

	/** One fixed provider, {@code host:port}, called without discovery; empty to use the group. */
	String address() default "";

	/** The timeout of each attempt, such as {@code 2s} or {@code 500ms}; empty for the configured one. */
	String timeout() default "";

	/** The number of retries, or empty for the configured one. */
	String retries() default "";

}
