package io.dora.observation;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.dora.annotation.DoraApi;
import io.dora.client.DoraTemplate;
import io.dora.handler.DoraCallContext;
import io.dora.server.DoraServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Metrics, tracing and the logging MDC with Spring Boot's own Micrometer and OpenTelemetry tracing
 * auto-configuration, over a real socket: one application plays provider and consumer.
 */
class ObservabilityTests {

	private static ConfigurableApplicationContext context;

	private static DoraTemplate dora;

	@BeforeAll
	static void start() {
		context = new SpringApplicationBuilder(Application.class).web(WebApplicationType.NONE)
			.properties("dora.server.port=0", "management.tracing.sampling.probability=1.0",
					"spring.main.banner-mode=off")
			.run();
		dora = context.getBean(DoraTemplate.class)
			.withAddress("127.0.0.1:" + context.getBean(DoraServer.class).port());
	}

	@AfterAll
	static void stop() {
		context.close();
	}

	@Test
	void timersCarryTheExpectedTagsOnBothSides() {
		assertThat(dora.call("/observed/echo", "hi", String.class)).isEqualTo("hi");
		assertThat(dora.exchange("/observed/item/42", null).getResult().getCode()).isZero();
		assertThat(dora.exchange("/observed/missing", null).getResult().getCode()).isEqualTo(100013);
		MeterRegistry meters = context.getBean(MeterRegistry.class);
		Timer client = meters.find("dora.client.requests")
			.tags("api", "/observed/echo", "group", "none", "mode", "0", "outcome", "SUCCESS", "code", "0",
					"transport", "tcp")
			.timer();
		assertThat(client).isNotNull();
		assertThat(client.count()).isEqualTo(1);
		Timer server = meters.find("dora.server.requests")
			.tags("api", "/observed/item/{id}", "mode", "0", "outcome", "SUCCESS", "code", "0", "transport", "tcp")
			.timer();
		assertThat(server).as("server timer tagged with the pattern, not the called name").isNotNull();
		assertThat(meters.find("dora.server.requests").tags("api", "UNKNOWN", "code", "100013", "outcome",
				"CLIENT_ERROR").timer()).isNotNull();
		assertThat(meters.find("dora.client.requests").tags("api", "/observed/missing", "code", "100013").timer())
			.isNotNull();
		assertThat(meters.find("dora.server.in.flight").gauge()).isNotNull();
		assertThat(meters.find("dora.server.connections").gauge().value()).isEqualTo(1);
		assertThat(meters.find("dora.client.connections").gauge().value()).isEqualTo(1);
		assertThat(meters.find("dora.client.async.uncollected").gauge()).isNotNull();
	}

	@Test
	void oneTraceSpansConsumerAndProvider() {
		ObservationRegistry observations = context.getBean(ObservationRegistry.class);
		Tracer tracer = context.getBean(Tracer.class);
		AtomicReference<String> callerTrace = new AtomicReference<>();
		Observation.createNotStarted("test.caller", observations).observe(() -> {
			callerTrace.set(tracer.currentSpan().context().traceId());
			assertThat(dora.call("/observed/trace", null, String.class)).isNotBlank();
		});
		Probe probe = context.getBean(Probe.class);
		assertThat(callerTrace.get()).isNotBlank();
		assertThat(probe.traceId.get()).isEqualTo(callerTrace.get());
		assertThat(probe.spanParentTrace.get()).isTrue();
	}

	@Test
	void guidIsInTheLoggingContextOfTheHandler() {
		Probe probe = context.getBean(Probe.class);
		String guid = dora.exchange("/observed/mdc", null).getGuid();
		assertThat(probe.mdcGuid.get()).isEqualTo(guid);
	}

	static class Probe {

		final AtomicReference<String> traceId = new AtomicReference<>();

		final AtomicReference<Boolean> spanParentTrace = new AtomicReference<>();

		final AtomicReference<String> mdcGuid = new AtomicReference<>();

		private final Tracer tracer;

		Probe(Tracer tracer) {
			this.tracer = tracer;
		}

		@DoraApi("/observed/echo")
		Object echo(Object param) {
			return param;
		}

		@DoraApi("/observed/item/{id}")
		Map<String, String> item(DoraCallContext context) {
			return context.pathVariables();
		}

		@DoraApi("/observed/trace")
		String trace() {
			this.traceId.set(this.tracer.currentSpan().context().traceId());
			this.spanParentTrace.set(this.tracer.currentSpan().context().parentId() != null);
			return this.traceId.get();
		}

		@DoraApi("/observed/mdc")
		String mdc(DoraCallContext context) {
			this.mdcGuid.set(MDC.get(GuidMdc.KEY));
			return context.guid();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Application {

		@Bean
		Probe probe(Tracer tracer) {
			return new Probe(tracer);
		}

	}

}
