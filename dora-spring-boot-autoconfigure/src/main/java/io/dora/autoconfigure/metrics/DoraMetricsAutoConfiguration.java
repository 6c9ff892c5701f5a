package io.dora.autoconfigure.metrics;

import java.util.List;

import io.dora.client.AsyncResultStore;
import io.dora.client.connection.DoraClientStats;
import io.dora.client.connection.DoraConnectionManager;
import io.dora.handler.DoraDispatcher;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.config.MeterFilter;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Gauges of Dora's state for Micrometer: open connections, calls in flight, the executor queue and uncollected
 * async results. The request timers come from the observations when Spring Boot's observation support is on. Active
 * only when the application has a {@link MeterRegistry}.
 */
@AutoConfiguration(afterName = { "io.dora.autoconfigure.DoraServerAutoConfiguration",
		"io.dora.autoconfigure.DoraClientAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
public final class DoraMetricsAutoConfiguration {

	/** Distinct values of the client's {@code api} tag kept; called names that embed ids would be unbounded. */
	static final int MAX_CLIENT_API_TAGS = 200;

	@Bean
	MeterFilter doraClientApiTagLimit() {
		return MeterFilter.maximumAllowableTags("dora.client.requests", "api", MAX_CLIENT_API_TAGS, MeterFilter.deny());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(DoraDispatcher.class)
	static class ServerMetricsConfiguration {

		@Bean
		MeterBinder doraServerMeters(DoraDispatcher dispatcher) {
			return (registry) -> {
				Gauge.builder("dora.server.connections", dispatcher.stats(), (stats) -> stats.openConnections())
					.description("Open TCP connections of the Dora server")
					.register(registry);
				Gauge.builder("dora.server.in.flight", dispatcher, DoraDispatcher::inFlight)
					.description("API executions admitted and not finished")
					.register(registry);
				Gauge.builder("dora.server.queued", dispatcher, DoraDispatcher::queued)
					.description("API executions waiting for a business thread")
					.register(registry);
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(DoraConnectionManager.class)
	static class ClientMetricsConfiguration {

		@Bean
		MeterBinder doraClientMeters(DoraConnectionManager connections, AsyncResultStore asyncResults,
				DoraClientStats stats) {
			return (registry) -> {
				Gauge.builder("dora.client.connections", connections, DoraConnectionManager::openConnections)
					.description("Open connections from DoraTemplate to providers")
					.register(registry);
				Gauge.builder("dora.client.async.uncollected", asyncResults, AsyncResultStore::uncollected)
					.description("Mode-2 results arrived and not yet collected")
					.register(registry);
				Gauge.builder("dora.client.async.outstanding", asyncResults, AsyncResultStore::outstanding)
					.description("Mode-2 calls submitted and not yet collected")
					.register(registry);
				registry.more()
					.counter("dora.client.replies.dropped", List.of(Tag.of("reason", "late")), stats,
							DoraClientStats::lateReplies);
				registry.more()
					.counter("dora.client.replies.dropped", List.of(Tag.of("reason", "unknown")), stats,
							DoraClientStats::unknownReplies);
				registry.more().counter("dora.client.async.evicted", List.of(), stats, DoraClientStats::evictedResults);
			};
		}

	}

}
