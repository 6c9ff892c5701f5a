package io.dora.web;

import io.dora.client.DoraMultiCall;
import io.dora.client.DoraMultiResult;
import io.dora.protocol.DoraCodes;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Handlers declared {@code @DoraApi(nonBlocking = true)} run on the thread that read the request, over both
 * transports; every other handler runs on the business executor, and the property sends all of them there.
 */
class NonBlockingHandlerTests {

	@Test
	void nonBlockingHandlersRunOnTheThreadThatReadTheRequest() throws Exception {
		try (HttpProvider provider = HttpProvider.start()) {
			assertThat(provider.tcp().call("/thread/non-blocking", null, String.class)).startsWith("dora-server-io");
			assertThat(httpThread(provider, "/thread/non-blocking")).startsWith("http-nio");
			assertThat(provider.tcp().call("/thread/ordinary", null, String.class)).startsWith("dora-worker");
			assertThat(httpThread(provider, "/thread/ordinary")).startsWith("dora-worker");
		}
	}

	@Test
	void multiCallMixingBothKindsAnswersEveryEntryFromItsOwnThread() throws Exception {
		try (HttpProvider provider = HttpProvider.start()) {
			DoraMultiCall multi = provider.tcp().multi();
			DoraMultiCall.Key<String> inline = multi.add("inline", "/thread/non-blocking", null, String.class);
			DoraMultiCall.Key<String> pooled = multi.add("pooled", "/thread/ordinary", null, String.class);
			multi.add("missing", "/no/such", null);
			DoraMultiResult result = multi.execute();
			assertThat(result.get(inline)).startsWith("dora-server-io");
			assertThat(result.get(pooled)).startsWith("dora-worker");
			assertThat(result.result("missing").getCode()).isEqualTo(DoraCodes.API_NOT_FOUND);
		}
	}

	@Test
	void everyHandlerRunsOnTheBusinessExecutorWhenTurnedOff() throws Exception {
		try (HttpProvider provider = HttpProvider.start("dora.server.run-non-blocking-on-io-thread=false")) {
			assertThat(provider.tcp().call("/thread/non-blocking", null, String.class)).startsWith("dora-worker");
			assertThat(httpThread(provider, "/thread/non-blocking")).startsWith("dora-worker");
		}
	}

	private static String httpThread(HttpProvider provider, String api) throws Exception {
		HttpProvider.Reply reply = provider.postJson("/call" + api, "null");
		assertThat(reply.status()).isEqualTo(200);
		return reply.data().asString();
	}

}
