package io.dora.bench.mvc;

import io.dora.bench.core.ServerReady;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;

/**
 * The Spring MVC peer: a plain Spring Boot web application with one {@code @RestController} on Tomcat.
 */
@SpringBootApplication
@Import(StartupFootprint.class)
public class MvcBenchServer {

	private final Environment environment;

	public MvcBenchServer(Environment environment) {
		this.environment = environment;
	}

	public static void main(String[] args) {
		SpringApplication.run(MvcBenchServer.class, args);
	}

	@EventListener(ApplicationReadyEvent.class)
	void ready() {
		ServerReady.announce("mvc", this.environment.getRequiredProperty("local.server.port", Integer.class));
	}

}
