package io.dora.web;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import io.dora.DoraException;
import io.dora.annotation.DoraApi;
import io.dora.annotation.DoraClient;
import io.dora.annotation.DoraParam;
import io.dora.client.DoraCallOptions;
import io.dora.client.proxy.DoraClientProxyFactory;
import io.dora.handler.DoraCallContext;
import io.dora.protocol.DoraCodes;
import io.dora.test.Await;
import io.dora.web.HttpProvider.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * One {@code @DoraClient} interface implemented by the provider and called by a declarative client, with methods
 * of several named parameters: over TCP through the client, and over HTTP {@code /call} with a JSON object.
 */
class SharedInterfaceEndToEndTests {

	private static HttpProvider provider;

	private static Shipping shipping;

	@BeforeAll
	static void start() {
		provider = HttpProvider.start(ShippingApplication.class);
		shipping = new DoraClientProxyFactory(provider.tcp()).createClient(Shipping.class);
	}

	@AfterAll
	static void stop() {
		provider.close();
	}

	@Test
	void twoNamedParametersReachTheImplementationOverTcp() {
		Quote quote = shipping.quote("NL", List.of(new Parcel(500), new Parcel(250)));
		assertThat(quote).isEqualTo(new Quote("NL", 750, 2));
	}

	@Test
	void doraParamNamesAndNullObjectsReachTheImplementationOverTcp() {
		assertThat(shipping.label(42L, null)).isEqualTo("label 42 for nobody");
		assertThat(shipping.label(7L, "ann")).isEqualTo("label 7 for ann");
	}

	@Test
	void theSameMethodsAnswerHttpCallWithTheParamAsAnObject() throws Exception {
		Reply quote = provider.postJson("/call/shipping/quote",
				"{\"country\":\"DE\",\"parcels\":[{\"grams\":100},{\"grams\":20}]}");
		assertThat(quote.status()).isEqualTo(200);
		assertThat(quote.data().get("grams").asInt()).isEqualTo(120);
		assertThat(quote.data().get("parcels").asInt()).isEqualTo(2);
		Reply label = provider.postJson("/call/shipping/label", "{\"order-id\":9,\"recipient\":\"bo\"}");
		assertThat(label.data().asString()).isEqualTo("label 9 for bo");
	}

	@Test
	void httpCallWithAMemberNoParameterHasOrWithoutAPrimitiveIsABadParameter() throws Exception {
		Reply unknown = provider.postJson("/call/shipping/label", "{\"order-id\":9,\"colour\":\"red\"}");
		assertThat(unknown.status()).isEqualTo(400);
		assertThat(unknown.code()).isEqualTo(DoraCodes.BAD_PARAMETER);
		assertThat(unknown.msg()).contains("has no parameter 'colour'");
		Reply missing = provider.postJson("/call/shipping/label", "{\"recipient\":\"bo\"}");
		assertThat(missing.status()).isEqualTo(400);
		assertThat(missing.code()).isEqualTo(DoraCodes.BAD_PARAMETER);
		assertThat(missing.msg()).contains("requires the member 'order-id'");
	}

	@Test
	void theProviderSeesTheGuidTheCallOptionsSet() {
		GuidEcho echo = new DoraClientProxyFactory(provider.tcp()).createClient(GuidEcho.class);
		String guid = "00112233445566778899AABBCCDDEEFF";
		assertThat(echo.guid(DoraCallOptions.defaults().guid(guid))).isEqualTo(guid.toLowerCase());
		// A guid names one call: once its reply is in, the next call may carry it again.
		assertThat(echo.guid(DoraCallOptions.defaults().guid(guid))).isEqualTo(guid.toLowerCase());
		String random = echo.guid(DoraCallOptions.defaults());
		assertThat(random).matches("[0-9a-f]{32}").isNotEqualTo(guid.toLowerCase());
		assertThat(IntStream.range(0, 3).mapToObj((i) -> echo.guid(null)).distinct()).hasSize(3);
	}

	@Test
	void aCallWhoseGuidIsStillWaitingOnTheConnectionFailsWith100008() throws Exception {
		GuidEcho echo = new DoraClientProxyFactory(provider.tcp()).createClient(GuidEcho.class);
		GuidHandler handler = provider.context().getBean(GuidHandler.class);
		DoraCallOptions options = DoraCallOptions.defaults().guid("0123456789abcdef0123456789abcdef").retries(0);
		CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> echo.hold(options));
		try {
			Await.until("the first call reached the provider", () -> handler.held.get() == 1);
			assertThatExceptionOfType(DoraException.class).isThrownBy(() -> echo.hold(options))
				.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo(DoraCodes.GUID_INVALID))
				.withMessageContaining("already in flight");
		}
		finally {
			handler.gate.complete("released");
		}
		assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("released 0123456789abcdef0123456789abcdef");
		assertThat(handler.held).hasValue(1);
	}

	@Test
	void aGuidThatIsNotOneIsRefusedBeforeAnyCall() {
		assertThatIllegalArgumentException().isThrownBy(() -> DoraCallOptions.defaults().guid("not-a-guid"))
			.withMessage("A guid is 32 hex characters");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> DoraCallOptions.defaults().guid("0".repeat(32)))
			.withMessageContaining("reserved");
		assertThatIllegalArgumentException().isThrownBy(() -> DoraCallOptions.defaults().guid("g".repeat(32)));
	}

	record Parcel(int grams) {
	}

	record Quote(String country, int grams, int parcels) {
	}

	/** The contract both sides compile against. */
	@DoraClient
	interface Shipping {

		@DoraApi("/shipping/quote")
		Quote quote(String country, List<Parcel> parcels);

		@DoraApi("/shipping/label")
		String label(@DoraParam("order-id") long orderId, @DoraParam("recipient") String recipient);

	}

	/** The provider's implementation: parameter names of its own, paths and names from the interface. */
	static class ShippingService implements Shipping {

		@Override
		public Quote quote(String to, List<Parcel> items) {
			return new Quote(to, items.stream().mapToInt(Parcel::grams).sum(), items.size());
		}

		@Override
		public String label(long id, String name) {
			return "label " + id + " for " + ((name != null) ? name : "nobody");
		}

	}

	@DoraClient
	interface GuidEcho {

		@DoraApi("/shipping/guid")
		String guid(DoraCallOptions options);

		@DoraApi("/shipping/hold")
		String hold(DoraCallOptions options);

	}

	static class GuidHandler {

		final CompletableFuture<String> gate = new CompletableFuture<>();

		final AtomicInteger held = new AtomicInteger();

		@DoraApi("/shipping/guid")
		String guid(DoraCallContext context) {
			return context.guid();
		}

		/** Answers once the test opens the gate, so that the call stays waiting for its reply until then. */
		@DoraApi("/shipping/hold")
		CompletableFuture<String> hold(DoraCallContext context) {
			this.held.incrementAndGet();
			return this.gate.thenApply((text) -> text + " " + context.guid());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class ShippingApplication {

		@Bean
		ShippingService shippingService() {
			return new ShippingService();
		}

		@Bean
		GuidHandler guidHandler() {
			return new GuidHandler();
		}

	}

}
