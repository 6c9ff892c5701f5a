package io.dora.client.proxy;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Import;

/**
 * Registers {@link io.dora.annotation.DoraClient @DoraClient} interfaces as beans, listed by type or found in
 * packages, as Spring Framework's {@code @ImportHttpServices} does for HTTP interfaces. Each client is created by
 * the context's {@link DoraClientProxyFactory} and named after its interface's fully qualified name. Spring Boot
 * applications rarely need it: the starter finds {@code @DoraClient} interfaces in the application's packages.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import(DoraClientsRegistrar.class)
public @interface ImportDoraClients {

	/** Alias for {@link #types()}. */
	Class<?>[] value() default {};

	/** The client interfaces to register. */
	Class<?>[] types() default {};

	/** Packages scanned for {@code @DoraClient} interfaces. */
	String[] basePackages() default {};

}
