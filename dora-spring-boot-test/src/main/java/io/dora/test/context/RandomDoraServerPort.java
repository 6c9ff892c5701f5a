package io.dora.test.context;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the application's Dora server on a free port in a Spring test ({@code dora.server.port=0}), so tests never
 * collide on the configured port. Inject the port with {@link io.dora.server.context.LocalDoraServerPort
 * @LocalDoraServerPort}. A property set on the test itself ({@code @SpringBootTest(properties = ...)}) still wins.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface RandomDoraServerPort {

}
