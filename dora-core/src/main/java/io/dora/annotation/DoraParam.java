package io.dora.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names a parameter of a method that has several: of a {@link DoraClient @DoraClient} method, whose call's
 * {@code param} is then a JSON object with one member per parameter, and of a {@link DoraApi @DoraApi} handler
 * method, whose parameters are bound from the members of that name. On an interface method it names the parameter
 * for the implementations too. Without it the compiled parameter name is used, which needs {@code javac
 * -parameters} (Spring Boot's Maven and Gradle plugins turn it on).
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface DoraParam {

	/** The member name in the call's param object. */
	String value();

}
