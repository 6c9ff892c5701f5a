package io.dora.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;
import org.springframework.stereotype.Component;

/**
 * Maps a Dora API name to a handler.
 * <ul>
 * <li>On a class, the class must implement {@link io.dora.handler.DoraApiHandler}; the annotation also makes
 * it a component, so component scanning registers it.</li>
 * <li>On a method of any bean, the method handles the API. It may declare one parameter bound from the call's
 * {@code param} JSON and, anywhere in the list, a {@link io.dora.handler.DoraCallContext}.</li>
 * </ul>
 * The path is an exact name ({@code /module_a/abc}) or a Spring {@code PathPattern} ({@code /module_a/*},
 * {@code /module_a/**}, {@code /user/{id}}); an exact name wins over a pattern, and a more specific pattern over
 * a less specific one. {@code ${...}} placeholders are resolved. The annotation never changes the bean's name.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface DoraApi {

	/** Alias for {@link #path()}. */
	@AliasFor("path")
	String value() default "";

	/** The API name or pattern this handler serves. */
	@AliasFor("value")
	String path() default "";

}
