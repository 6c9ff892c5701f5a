package io.dora.client.proxy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

import io.dora.annotation.DoraApi;
import io.dora.annotation.DoraClient;
import io.dora.annotation.DoraOneWay;
import io.dora.annotation.DoraParam;
import io.dora.client.DoraAck;
import io.dora.client.DoraTemplate;
import io.dora.client.connection.DoraClientStats;
import io.dora.protocol.DoraJsonCodec;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Reading {@code @DoraClient} interfaces without a socket: every method is checked when the client is created, and
 * a method that cannot be called is named with the reason.
 */
class DoraClientProxyFactoryTests {

	private final DoraTemplate template = new DoraTemplate(null,
			new DoraJsonCodec(JsonMapper.builder().build()), new DoraClientStats(), null, null, null);

	private final DoraClientProxyFactory factory = new DoraClientProxyFactory(this.template);

	@Test
	void createsAClientWhoseObjectMethodsDoNotCall() {
		Valid client = this.factory.createClient(Valid.class);
		assertThat(client.toString()).isEqualTo("Dora client " + Valid.class.getName());
		assertThat(client).isEqualTo(client).isNotEqualTo(this.factory.createClient(Valid.class));
		assertThat(client.hashCode()).isEqualTo(System.identityHashCode(client));
	}

	@Test
	void methodWithoutPathIsNamed() {
		assertInvalid(NoPath.class, "NoPath.get(String)", "it has no @DoraApi path");
	}

	@Test
	void voidWithoutOneWayMarkerIsRefused() {
		assertInvalid(UnmarkedVoid.class, "UnmarkedVoid.notify(String)", "returns void without saying");
	}

	@Test
	void oneWayMarkerOnAMethodWithAResultIsRefused() {
		assertInvalid(OneWayWithResult.class, "OneWayWithResult.get(String)", "marked @DoraOneWay but returns");
	}

	@Test
	void futureOfAnAcknowledgementWithoutOneWayMarkerIsRefused() {
		assertInvalid(UnmarkedAckFuture.class, "UnmarkedAckFuture.notify(String)",
				"returns a future of DoraAck without saying");
	}

	@Test
	void futureThatDoraDoesNotCompleteIsRefused() {
		assertInvalid(PlainFuture.class, "PlainFuture.get(String)", "java.util.concurrent.Future is not one");
	}

	@Test
	void typeVariableResultIsRefused() {
		assertInvalid(GenericMethod.class, "GenericMethod.get(String)", "is a type variable");
	}

	@Test
	void patternPathIsRefused() {
		assertInvalid(PatternPath.class, "PatternPath.get(String)", "'/user/*' is a pattern");
	}

	@Test
	void parametersWithTheSameNameAreRefused() {
		assertInvalid(SameNames.class, "SameNames.get(String, String)", "have the same name [a, a]");
	}

	@Test
	void annotationValuesThatDoNotParseAreRefused() {
		assertInvalid(BadTimeout.class, BadTimeout.class.getName(), "do not parse");
	}

	@Test
	void classIsNotAClient() {
		assertInvalid(String.class, "java.lang.String", "not an interface annotated @DoraClient");
	}

	private void assertInvalid(Class<?> type, String declaration, String reason) {
		assertThatExceptionOfType(InvalidDoraClientException.class).isThrownBy(() -> this.factory.createClient(type))
			.satisfies((ex) -> {
				assertThat(ex.getDeclaration()).endsWith(declaration);
				assertThat(ex.getReason()).contains(reason);
				assertThat(ex.getAction()).isNotBlank();
			});
	}

	@DoraClient
	interface Valid {

		@DoraApi("/user/get")
		String get(String id);

		@DoraApi("/user/many")
		List<String> many(@DoraParam("first") String a, String second);

		default String twice(String id) {
			return get(id) + get(id);
		}

	}

	@DoraClient
	interface NoPath {

		String get(String id);

	}

	@DoraClient
	interface UnmarkedVoid {

		@DoraApi("/user/notify")
		void notify(String id);

	}

	@DoraClient
	interface OneWayWithResult {

		@DoraApi("/user/get")
		@DoraOneWay
		String get(String id);

	}

	@DoraClient
	interface UnmarkedAckFuture {

		@DoraApi("/user/notify")
		CompletableFuture<DoraAck> notify(String id);

	}

	@DoraClient
	interface PlainFuture {

		@DoraApi("/user/get")
		Future<String> get(String id);

	}

	@DoraClient
	interface GenericMethod {

		@DoraApi("/user/get")
		<T> T get(String id);

	}

	@DoraClient
	interface PatternPath {

		@DoraApi("/user/*")
		String get(String id);

	}

	@DoraClient
	interface SameNames {

		@DoraApi("/user/get")
		String get(@DoraParam("a") String first, String a);

	}

	@DoraClient(timeout = "soon")
	interface BadTimeout {

	}

}
