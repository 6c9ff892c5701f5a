package io.dora.bench.dora.provider;

import io.dora.bench.core.ServerReady;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;

/**
 * The Dora peer's server: a Spring Boot application serving the benchmark operations with {@code @DoraApi}
 * handlers over TCP and over Dora's HTTP endpoint. Configured in {@code application.properties}; the runner passes
 * the ports.
 */
@SpringBootApplication
public class DoraBenchProvider {

	@Value("${dora.server.port}")
	private int port;

	public static void main(String[] args) {
		SpringApplication.run(DoraBenchProvider.class, args);
	}

	@EventListener(ApplicationReadyEvent.class)
	void ready() {
		ServerReady.announce("dora", this.port);
	}

}
