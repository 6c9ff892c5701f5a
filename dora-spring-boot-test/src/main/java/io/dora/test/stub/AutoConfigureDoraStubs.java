package io.dora.test.stub;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * Points the application's {@code DoraTemplate} at a Dora stub server for every group, in a
 * {@code @SpringBootTest}: calls go through the real client, protocol and TCP connection to a server in the test
 * that answers what {@link DoraStubs} says and records every call, fire-and-forget and async ones included. Redis is
 * not needed: the registry and TLS to providers are switched off. Inject {@link DoraStubs} to stub APIs and read
 * the calls; declare {@link DoraStubsCustomizer} beans for stubs the application needs while it starts.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
public @interface AutoConfigureDoraStubs {

}
