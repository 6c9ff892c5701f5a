package io.dora.bench.soak.driver;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Configuration;

/**
 * The driver's side of the soak: a Spring Boot context with Dora's client and nothing else (no component scanning,
 * so the provider's handlers in the parent package stay out).
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class SoakClientApplication {

}
