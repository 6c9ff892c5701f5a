package io.dora.client.proxy.scanned;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.context.annotation.Configuration;

/** An application whose package is scanned for {@code @DoraClient} interfaces, as {@code @SpringBootApplication}'s is. */
@Configuration(proxyBeanMethods = false)
@AutoConfigurationPackage
public class ScannedApplication {

}
