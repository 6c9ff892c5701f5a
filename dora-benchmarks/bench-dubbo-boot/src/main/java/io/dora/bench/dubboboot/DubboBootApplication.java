package io.dora.bench.dubboboot;

import org.apache.dubbo.config.spring.context.annotation.EnableDubbo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot application that serves one service with the Dubbo starter, configured in
 * {@code application.properties}; used only to compare time to ready and memory.
 */
@SpringBootApplication
@EnableDubbo
public class DubboBootApplication {

	public static void main(String[] args) {
		SpringApplication.run(DubboBootApplication.class, args);
	}

}
