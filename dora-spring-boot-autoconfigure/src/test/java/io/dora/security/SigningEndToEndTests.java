package io.dora.security;


import io.dora.client.DoraClientException;
import io.dora.client.DoraResponse;
import io.dora.client.DoraTemplate;
import io.dora.client.connection.DoraClientStats;
import io.dora.protocol.DoraCodes;
import io.dora.protocol.DoraJsonCodec;
import io.dora.test.Await;
import io.dora.test.DoraTestContexts;
import io.dora.test.RawDoraSocket;
import io.dora.test.RawFrames;
import io.dora.test.TestHandlers;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Request signing over real sockets: a provider with keys runs only requests signed with one of them, fresh and
 * never seen before.
 */
class SigningEndToEndTests {

	private static final String OLD = "old-secret-0123456789abcdef";

	private static final String NEW = "new-secret-0123456789abcdef";

	private final DoraJsonCodec codec = new DoraJsonCodec(JsonMapper.builder().build());

	private static ApplicationContextRunner signedProvider(String... keys) {
		return DoraTestContexts.provider().withPropertyValues(keys);
	}

	@Test
	void signedCallsRunAndUnsignedOnesAreRefusedWithoutRunning() {
		signedProvider("dora.security.keys.k1=" + OLD).run((provider) -> {
			TestHandlers handlers = provider.getBean(TestHandlers.class);
			// The provider's own template signs with its only key.
			assertThat(DoraTestContexts.selfTemplate(provider).call("/count", "signed", Integer.class)).isEqualTo(1);
			DoraTestContexts.runner().run((unsigned) -> {
				DoraTemplate dora = unsigned.getBean(DoraTemplate.class)
					.withAddress("127.0.0.1:" + DoraTestContexts.port(provider));
				DoraResponse response = dora.exchange("/count", "unsigned");
				assertThat(response.getCode()).isEqualTo(DoraCodes.SIGNATURE_INVALID);
				assertThat(response.getMsg()).contains("not signed");
				assertThat(handlers.executionsOf("unsigned")).isZero();
			});
		});
	}

	@Test
	void wrongSecretAndUnknownKeyAreRefused() {
		signedProvider("dora.security.keys.k1=" + OLD).run((provider) -> {
			String address = "127.0.0.1:" + DoraTestContexts.port(provider);
			DoraTestContexts.runner().withPropertyValues("dora.security.keys.k1=" + NEW).run((consumer) -> {
				DoraResponse response = consumer.getBean(DoraTemplate.class).withAddress(address).exchange("/echo", 1);
				assertThat(response.getCode()).isEqualTo(DoraCodes.SIGNATURE_INVALID);
				assertThat(response.getMsg()).contains("does not match");
			});
			DoraTestContexts.runner().withPropertyValues("dora.security.keys.k2=" + OLD).run((consumer) -> {
				DoraResponse response = consumer.getBean(DoraTemplate.class).withAddress(address).exchange("/echo", 1);
				assertThat(response.getCode()).isEqualTo(DoraCodes.SIGNATURE_INVALID);
				assertThat(response.getMsg()).contains("unknown signing key");
			});
		});
	}

	@Test
	void keysRotateWithoutDowntime() {
		signedProvider("dora.security.keys.old=" + OLD, "dora.security.keys.new=" + NEW,
				"dora.security.signing-key=new")
			.run((provider) -> {
				String address = "127.0.0.1:" + DoraTestContexts.port(provider);
				DoraTestContexts.runner().withPropertyValues("dora.security.keys.old=" + OLD).run((oldClient) -> {
					DoraTestContexts.runner().withPropertyValues("dora.security.keys.new=" + NEW).run((newClient) -> {
						assertThat(oldClient.getBean(DoraTemplate.class).withAddress(address).call("/echo", "o",
								String.class)).isEqualTo("o");
						assertThat(newClient.getBean(DoraTemplate.class).withAddress(address).call("/echo", "n",
								String.class)).isEqualTo("n");
					});
				});
			});
	}

	@Test
	void replayedAndStaleFramesAreRefused() {
		signedProvider("dora.security.keys.k1=" + OLD).run((provider) -> {
			TestHandlers handlers = provider.getBean(TestHandlers.class);
			int port = DoraTestContexts.port(provider);
			String audience = "127.0.0.1:" + port;
			try (RawDoraSocket socket = new RawDoraSocket(port)) {
				byte[] frame = signedRequest(System.currentTimeMillis(), "replayed", audience);
				socket.send(frame);
				assertThat(this.codec.readResponse(socket.read().body()).code()).isZero();
				socket.send(frame);
				RawDoraSocket.Frame replay = socket.read();
				assertThat(this.codec.readResponse(replay.body()).code()).isEqualTo(DoraCodes.SIGNATURE_INVALID);
				assertThat(this.codec.readResponse(replay.body()).msg()).contains("replay");
				assertThat(handlers.executionsOf("replayed")).isEqualTo(1);

				socket.send(signedRequest(System.currentTimeMillis() - 3_600_000, "stale", audience));
				RawDoraSocket.Frame stale = socket.read();
				assertThat(this.codec.readResponse(stale.body()).msg()).contains("clock skew");
				assertThat(handlers.executionsOf("stale")).isZero();

				byte[] tampered = signedRequest(System.currentTimeMillis(), "tampered", audience);
				tampered[tampered.length - 3] ^= 0x01;
				socket.send(tampered);
				assertThat(this.codec.readResponse(socket.read().body()).code()).isEqualTo(DoraCodes.SIGNATURE_INVALID);
				assertThat(handlers.executionsOf("tampered")).isZero();
			}
		});
	}

	@Test
	void retriesOfASignedCallAreNotMistakenForReplays() {
		signedProvider("dora.security.keys.k1=" + OLD).run((provider) -> {
			TestHandlers handlers = provider.getBean(TestHandlers.class);
			handlers.close(1);
			DoraTemplate dora = DoraTestContexts.selfTemplate(provider)
				.withTimeout(java.time.Duration.ofMillis(300))
				.withRetries(5);
			java.util.concurrent.CompletableFuture<Integer> call = dora.callAsync("/count-wait", "signed-retry",
					Integer.class);
			assertThat(handlers.started.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
			Await.until("an attempt timed out", () -> provider.getBean(DoraClientStats.class).timeouts() >= 1);
			handlers.open();
			assertThat(call.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1);
			assertThat(handlers.executionsOf("signed-retry")).isEqualTo(1);
		});
	}

	@Test
	void controlCommandsNeedAnAuthenticatedCaller() {
		signedProvider("dora.security.keys.k1=" + OLD).run((provider) -> {
			assertThat(DoraTestContexts.selfTemplate(provider).command("getStat").getCode()).isZero();
		});
		DoraTestContexts.provider().run((provider) -> {
			DoraResponse response = DoraTestContexts.selfTemplate(provider).command("getStat");
			assertThat(response.getCode()).isEqualTo(DoraCodes.COMMAND_DENIED);
			assertThat(response.getMsg()).contains("signed request");
		});
	}

	@Test
	void shortSecretsAreRejectedAtStartup() {
		DoraTestContexts.runner().withPropertyValues("dora.security.keys.k1=short").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("dora.security.keys.k1");
		});
	}

	@Test
	void unsignedClientGetsAClearError() {
		signedProvider("dora.security.keys.k1=" + OLD).run((provider) -> DoraTestContexts.runner().run((consumer) -> {
			DoraTemplate dora = consumer.getBean(DoraTemplate.class)
				.withAddress("127.0.0.1:" + DoraTestContexts.port(provider));
			assertThatThrownBy(() -> dora.call("/echo", "x", String.class))
				.isInstanceOfSatisfying(io.dora.DoraException.class,
						(ex) -> assertThat(ex.getCode()).isEqualTo(DoraCodes.SIGNATURE_INVALID))
				.isNotInstanceOf(DoraClientException.class);
		}));
	}

	private static byte[] signedRequest(long timestamp, String key, String audience) {
		return RawFrames.signedCount("k1", OLD, audience, timestamp, key);
	}

}
