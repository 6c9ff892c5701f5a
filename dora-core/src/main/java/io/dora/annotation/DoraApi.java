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

	/**
	 * Whether the handler never blocks: no I/O, no locks held for long, no waiting on other calls. A non-blocking
	 * handler runs on the thread that read the request (a Netty I/O thread for TCP, the servlet request thread for
	 * HTTP) instead of the business executor, which saves two thread hand-offs per call. A handler that blocks
	 * while marked so stalls every connection served by the same I/O thread. A handler that returns a
	 * {@code CompletionStage} for slow work is non-blocking. Turned off for every handler with
	 * {@code dora.server.run-non-blocking-on-io-thread=false}.
	 */
	boolean nonBlocking() default false;

}
