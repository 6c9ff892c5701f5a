package io.dora.server.context;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.beans.factory.annotation.Value;

/**
 * Injects the port the Dora server bound at run time; handy with {@code dora.server.port=0} in tests.
 */
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Value("${" + DoraServerPortInfoApplicationContextInitializer.PROPERTY_NAME + "}")
public @interface LocalDoraServerPort {

}
