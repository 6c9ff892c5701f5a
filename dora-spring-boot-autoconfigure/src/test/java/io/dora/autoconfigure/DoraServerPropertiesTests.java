package io.dora.autoconfigure;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code dora.server.*} as Spring Boot binds it, without a context.
 */
class DoraServerPropertiesTests {

	@Test
	void defaultsApplyWhenNothingIsSet() {
		DoraServerProperties properties = bind(Map.of());
		assertThat(properties.getPort()).isEqualTo(9567);
		assertThat(properties.getMaxFrameLength()).isEqualTo(DataSize.ofMegabytes(2));
		assertThat(properties.getMaxBufferedBytes()).isNull();
		assertThat(properties.isRunNonBlockingOnIoThread()).isTrue();
		assertThat(properties.getCompression().isEnabled()).isFalse();
		assertThat(properties.getShutdown().getGracePeriod()).isEqualTo(Duration.ofSeconds(30));
		assertThat(properties.getDeduplication().getMaxEntries()).isEqualTo(10_000);
		assertThat(properties.getSsl().getClientAuth()).isEqualTo(DoraServerProperties.ClientAuth.NONE);
	}

	@Test
	void kebabCaseNamesBind() {
		DoraServerProperties properties = bind(Map.of("dora.server.business-threads", "8",
				"dora.server.max-apis-per-request", "4", "dora.server.run-non-blocking-on-io-thread", "false",
				"dora.server.ssl.client-auth", "need", "dora.server.control.enabled", "true"));
		assertThat(properties.getBusinessThreads()).isEqualTo(8);
		assertThat(properties.getMaxApisPerRequest()).isEqualTo(4);
		assertThat(properties.isRunNonBlockingOnIoThread()).isFalse();
		assertThat(properties.getSsl().getClientAuth()).isEqualTo(DoraServerProperties.ClientAuth.NEED);
		assertThat(properties.getControl().isEnabled()).isTrue();
	}

	@Nested
	class Units {

		@Test
		void durationsWithoutASuffixAreMilliseconds() {
			DoraServerProperties properties = bind(Map.of("dora.server.idle-timeout", "250",
					"dora.server.shutdown.grace-period", "1500", "dora.server.deduplication.window", "10s"));
			assertThat(properties.getIdleTimeout()).isEqualTo(Duration.ofMillis(250));
			assertThat(properties.getShutdown().getGracePeriod()).isEqualTo(Duration.ofMillis(1500));
			assertThat(properties.getDeduplication().getWindow()).isEqualTo(Duration.ofSeconds(10));
		}

		@Test
		void sizesWithoutASuffixAreBytes() {
			DoraServerProperties properties = bind(Map.of("dora.server.max-frame-length", "4096",
					"dora.server.max-buffered-bytes", "64MB", "dora.server.compression.threshold", "1KB",
					"dora.server.compression.enabled", "true"));
			assertThat(properties.getMaxFrameLength()).isEqualTo(DataSize.ofBytes(4096));
			assertThat(properties.getMaxBufferedBytes()).isEqualTo(DataSize.ofMegabytes(64));
			assertThat(properties.getCompression().writerThreshold()).isEqualTo(1024);
		}

		@Test
		void compressionThatIsOffGivesTheWriterNoThreshold() {
			DoraServerProperties properties = bind(Map.of("dora.server.compression.threshold", "1KB"));
			assertThat(properties.getCompression().writerThreshold()).isEqualTo(-1);
		}

	}

	private static DoraServerProperties bind(Map<String, String> values) {
		return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("dora.server",
				DoraServerProperties.class);
	}

}
