package io.dora.web;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The deadline an HTTP caller gets, and how the base path is written.
 */
class DoraHttpSettingsTests {

	private final DoraHttpSettings settings = new DoraHttpSettings(1024, Duration.ofSeconds(30), Duration.ofMinutes(1));

	@Test
	void headerSetsTheDeadlineUpToTheMaximum() {
		assertThat(this.settings.timeoutMillis(null)).isEqualTo(30_000);
		assertThat(this.settings.timeoutMillis(" ")).isEqualTo(30_000);
		assertThat(this.settings.timeoutMillis("250")).isEqualTo(250);
		assertThat(this.settings.timeoutMillis(" 250 ")).isEqualTo(250);
		assertThat(this.settings.timeoutMillis("86400000")).isEqualTo(60_000);
		assertThat(this.settings.timeoutMillis("99999999999999999999")).isEqualTo(-1);
	}

	@Test
	void headerThatIsNotAPositiveNumberIsRefused() {
		assertThat(this.settings.timeoutMillis("0")).isEqualTo(-1);
		assertThat(this.settings.timeoutMillis("-3")).isEqualTo(-1);
		assertThat(this.settings.timeoutMillis("1.5")).isEqualTo(-1);
		assertThat(this.settings.timeoutMillis("5s")).isEqualTo(-1);
	}

	@Test
	void deadlinesMustBePositive() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new DoraHttpSettings(1024, Duration.ZERO, Duration.ofMinutes(1)))
			.withMessageContaining("timeout");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new DoraHttpSettings(1024, Duration.ofSeconds(1), Duration.ofMillis(-1)))
			.withMessageContaining("maxTimeout");
	}

	@Test
	void basePathGetsOneLeadingSlashAndNoTrailingOne() {
		assertThat(new DoraHttpBasePath(null).prefix()).isEmpty();
		assertThat(new DoraHttpBasePath("").prefix()).isEmpty();
		assertThat(new DoraHttpBasePath("/").prefix()).isEmpty();
		assertThat(new DoraHttpBasePath("rpc").prefix()).isEqualTo("/rpc");
		assertThat(new DoraHttpBasePath("/rpc/").prefix()).isEqualTo("/rpc");
		assertThat(new DoraHttpBasePath(" /dora/v1// ").prefix()).isEqualTo("/dora/v1");
	}

}
