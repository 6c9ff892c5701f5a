package io.dora.client;

import java.time.Duration;
import java.util.Map;

import io.dora.protocol.DoraCodes;
import io.dora.protocol.original.OriginalProtocol;
import io.dora.protocol.original.OriginalWireOptions;
import io.dora.test.DoraTestContexts;
import io.dora.test.OriginalProtocolServerFixture;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code DoraTemplate} calling a provider that still runs the original PHP Dora RPC ({@code protocol: original}),
 * here a small server written from the reference: the original README's client loop in every mode, results pushed
 * later collected with {@code collectAsyncResults}, control commands, codes, and the CRC signature and gzip.
 */
class OriginalProtocolClientTests {

	private static ApplicationContextRunner consumer(OriginalProtocolServerFixture php, String... properties) {
		return DoraTestContexts.runner()
			.withPropertyValues("dora.client.groups.php.endpoints=" + php.endpoint(),
					"dora.client.groups.php.protocol=original", "dora.client.default-group=php",
					"dora.client.timeout=2s")
			.withPropertyValues(properties);
	}

	@Test
	void theOriginalReadmeClientLoopRunsInEveryModeAgainstAnOriginalProvider() throws Exception {
		try (OriginalProtocolServerFixture php = new OriginalProtocolServerFixture(OriginalWireOptions.DEFAULTS)) {
			consumer(php).run((context) -> {
				DoraTemplate dora = context.getBean(DoraTemplate.class);
				for (int i = 0; i < 5; i++) {
					runReadmeLoop(dora, php, i);
				}
			});
		}
	}

	private static void runReadmeLoop(DoraTemplate dora, OriginalProtocolServerFixture php, int i) {
		@SuppressWarnings("unchecked")
		Map<String, Object> single = dora.call("/module_a/abc" + i, Map.of("mark", 234, "foo", i), Map.class);
		assertThat(single).containsEntry("api", "/module_a/abc" + i)
			.containsEntry("param", Map.of("mark", 234, "foo", i));

		dora.send("/module_b/abc" + i, Map.of("yes", 21321, "foo", i));

		DoraAsyncCall<Map> asyncSingle = dora.submit("/module_c/abd" + i, Map.of("yes", 233, "foo", i), Map.class);

		DoraMultiCall multi = dora.multi();
		DoraMultiCall.Key<Map> oak = multi.add("oak", "/module_c/dd" + i, Map.of("uid", "ff"), Map.class);
		DoraMultiCall.Key<Map> cd = multi.add("cd", "/module_f/ef" + i, Map.of("pathid", "fds"), Map.class);
		DoraMultiResult result = multi.execute();
		assertThat(result.get(oak)).containsEntry("api", "/module_c/dd" + i);
		assertThat(result.get(cd)).containsEntry("param", Map.of("pathid", "fds"));

		dora.multi()
			.add("oak", "/module_d/oakdf" + i, Map.of("dsaf", "32111321"))
			.add("cd", "/module_e/oakdfff" + i, Map.of("codo", "f11ds"))
			.send();

		DoraAsyncCall<DoraMultiResult> asyncMulti = dora.multi()
			.add("oak", "/module_a/oakdf" + i, Map.of("dsaf", "11"))
			.add("cd", "/module_b/oakdfff" + i, Map.of("codo", "f11ds"))
			.submit();

		Map<String, DoraResponse> all = dora.collectAsyncResults(Duration.ofSeconds(5));
		assertThat(all).containsOnlyKeys(asyncSingle.getGuid(), asyncMulti.getGuid());
		DoraResponse pushedSingle = all.get(asyncSingle.getGuid());
		assertThat(pushedSingle.getCode()).isZero();
		assertThat(pushedSingle.getResult().getData()).isEqualTo(
				Map.of("api", "/module_c/abd" + i, "param", Map.of("yes", 233, "foo", i)));
		assertThat(all.get(asyncMulti.getGuid()).getResults()).containsOnlyKeys("oak", "cd");
		assertThat(asyncSingle.await(Duration.ofSeconds(1))).containsEntry("api", "/module_c/abd" + i);
		assertThat(asyncMulti.await(Duration.ofSeconds(1)).get("cd", Map.class)).containsEntry("api",
				"/module_b/oakdfff" + i);
		io.dora.test.Await.until("the fire-and-forget calls ran", () -> php.executions("/module_b/abc" + i) == 1
				&& php.executions("/module_d/oakdf" + i) == 1 && php.executions("/module_e/oakdfff" + i) == 1);
	}

	@Test
	void failuresKeepTheirCodesAndAcknowledgementsHaveNoData() throws Exception {
		try (OriginalProtocolServerFixture php = new OriginalProtocolServerFixture(OriginalWireOptions.DEFAULTS)) {
			consumer(php).run((context) -> {
				DoraTemplate dora = context.getBean(DoraTemplate.class);
				assertThatThrownBy(() -> dora.call("/fail", null, Object.class)).isInstanceOfSatisfying(
						DoraRemoteException.class, (ex) -> assertThat(ex.getCode()).isEqualTo(4001));
				DoraResponse raw = dora.exchange("/fail", null);
				assertThat(raw.getCode()).isZero();
				assertThat(raw.getResult().getCode()).isEqualTo(4001);
				assertThat(raw.getResult().getData()).isNull();
				assertThat(dora.command("getStat").getResult().getData()).isInstanceOf(Map.class);
			});
		}
	}

	@Test
	void aTimedOutCallToAnOriginalProviderIsNotRepeatedBecauseItCannotDeduplicate() throws Exception {
		try (OriginalProtocolServerFixture php = new OriginalProtocolServerFixture(OriginalWireOptions.DEFAULTS)) {
			consumer(php, "dora.client.retries=2", "dora.client.timeout=300ms").run((context) -> {
				DoraTemplate dora = context.getBean(DoraTemplate.class);
				assertThatThrownBy(() -> dora.call("/slow", 1000, Object.class)).isInstanceOfSatisfying(
						DoraClientException.class, (ex) -> assertThat(ex.getCode()).isEqualTo(DoraCodes.TIMEOUT));
				io.dora.test.Await.until("the slow call ran", () -> php.executions("/slow") == 1);
				assertThat(dora.call("/echo", "after", Map.class)).containsEntry("param", "after");
				assertThat(php.executions("/slow")).isEqualTo(1);
			});
		}
	}

	@Test
	void theCrcSignatureAndGzipOfTheOriginalAreConfiguredPerGroup() throws Exception {
		OriginalWireOptions signedAndCompressed = new OriginalWireOptions(true, OriginalProtocol.DEFAULT_SALT, true);
		try (OriginalProtocolServerFixture php = new OriginalProtocolServerFixture(signedAndCompressed)) {
			consumer(php, "dora.client.groups.php.original.crc-signature=true",
					"dora.client.groups.php.original.compression=true")
				.run((context) -> {
					DoraTemplate dora = context.getBean(DoraTemplate.class);
					assertThat(dora.call("/echo", Map.of("big", "x".repeat(10_000)), Map.class)).containsEntry("api",
							"/echo");
					DoraAsyncCall<Map> async = dora.submit("/echo", "later", Map.class);
					assertThat(async.await(Duration.ofSeconds(5))).containsEntry("param", "later");
				});
			// A group whose switches do not match the provider's gets no answer it accepts.
			consumer(php, "dora.client.groups.php.original.compression=true", "dora.client.timeout=500ms")
				.run((context) -> assertThatThrownBy(
						() -> context.getBean(DoraTemplate.class).call("/echo", "mismatch", Map.class))
					.isInstanceOf(DoraClientException.class));
		}
	}

	@Test
	void dorasOwnGroupsAreUnaffected() throws Exception {
		try (OriginalProtocolServerFixture php = new OriginalProtocolServerFixture(OriginalWireOptions.DEFAULTS)) {
			DoraTestContexts.provider().run((provider) -> consumer(php,
					"dora.client.groups.java.endpoints=127.0.0.1:" + DoraTestContexts.port(provider))
				.run((context) -> {
					DoraTemplate dora = context.getBean(DoraTemplate.class);
					assertThat(dora.withGroup("java").call("/echo", "dora", String.class)).isEqualTo("dora");
					assertThat(dora.call("/echo", "php", Map.class)).containsEntry("param", "php");
				}));
		}
	}

}
