package io.dora.handler;

import java.util.List;
import java.util.Map;

import io.dora.annotation.DoraApi;
import io.dora.annotation.DoraParam;
import io.dora.protocol.ApiCall;
import io.dora.protocol.ApiResult;
import io.dora.protocol.CallMode;
import io.dora.protocol.DoraCodes;
import io.dora.protocol.DoraJsonCodec;
import io.dora.test.CompiledWithoutParameterNames;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A handler with several parameters binds each to the member of the param object with its name, the rule a
 * {@code @DoraClient} method with several parameters sends by.
 */
class NamedParameterBindingTests {

	private final JsonMapper mapper = JsonMapper.builder().build();

	private final DoraApiRegistry registry = new DoraApiRegistry();

	private final DoraApiInvoker invoker = new DoraApiInvoker(this.registry, new DoraJsonCodec(this.mapper),
			new DoraServerStats());

	NamedParameterBindingTests() {
		Orders orders = new OrderService();
		for (String name : List.of("find", "total")) {
			var method = ReflectionUtils.findMethod(OrderService.class, name, (Class<?>[]) null);
			this.registry.register(DoraApiMethod.forMethod("/orders/" + name, "orders", orders, method,
					OrderService.class, false));
		}
	}

	@Test
	void eachParameterIsBoundToItsMemberWithItsDeclaredGenericType() {
		ApiResult<Object> result = call("/orders/find", "{\"customer\":\"ann\",\"limit\":2,\"ids\":[7,8,9]}");
		assertThat(result.code()).isZero();
		assertThat(result.data()).isEqualTo("ann limit 2 ids [7, 8, 9] of Long via /orders/find");
	}

	@Test
	void namesComeFromTheInterfaceThatDeclaresTheApiNotFromTheImplementation() {
		DoraApiMethod method = this.registry.lookup("/orders/find").method();
		assertThat(method.namedParameters()).extracting(DoraApiMethod.NamedParameter::name)
			.containsExactly("customer", "limit", "ids");
		assertThat(method.namedParameters()).extracting(DoraApiMethod.NamedParameter::index).containsExactly(0, 1, 3);
		assertThat(method.namedParameters().get(2).type().toString()).isEqualTo("java.util.List<java.lang.Long>");
		assertThat(method.paramType()).isNull();
	}

	@Test
	void doraParamOnTheInterfaceNamesTheMember() {
		assertThat(call("/orders/total", "{\"order-id\":5,\"currency\":\"EUR\"}").data()).isEqualTo("5 EUR");
	}

	@Test
	void aMissingOrNullObjectMemberIsNull() {
		assertThat(call("/orders/find", "{\"limit\":1,\"ids\":null}").data())
			.isEqualTo("null limit 1 ids null of - via /orders/find");
	}

	@Test
	void aMissingPrimitiveMemberIsABadParameterNamingIt() {
		ApiResult<Object> result = call("/orders/find", "{\"customer\":\"ann\"}");
		assertThat(result.code()).isEqualTo(DoraCodes.BAD_PARAMETER);
		assertThat(result.msg()).isEqualTo("cannot read param: /orders/find requires the member 'limit'");
		assertThat(call("/orders/find", "null").code()).isEqualTo(DoraCodes.BAD_PARAMETER);
	}

	@Test
	void aMemberNoParameterIsNamedAfterIsRefused() {
		ApiResult<Object> result = call("/orders/find", "{\"customer\":\"ann\",\"limit\":1,\"colour\":\"red\"}");
		assertThat(result.code()).isEqualTo(DoraCodes.BAD_PARAMETER);
		assertThat(result.msg()).isEqualTo(
				"cannot read param: /orders/find has no parameter 'colour'; it takes [customer, limit, ids]");
	}

	@Test
	void aParamThatIsNotAnObjectIsRefused() {
		ApiResult<Object> result = call("/orders/find", "[\"ann\",1]");
		assertThat(result.code()).isEqualTo(DoraCodes.BAD_PARAMETER);
		assertThat(result.msg()).contains("takes an object with the members [customer, limit, ids]");
	}

	@Test
	void aMemberOfTheWrongTypeIsABadParameterNamingTheMember() {
		ApiResult<Object> result = call("/orders/find", "{\"customer\":\"ann\",\"limit\":\"many\"}");
		assertThat(result.code()).isEqualTo(DoraCodes.BAD_PARAMETER);
		assertThat(result.msg()).startsWith("member 'limit': cannot read");
	}

	@Test
	void parametersWithoutCompiledNamesOrDoraParamFailNamingTheMethod() throws Exception {
		Class<?> unnamed = CompiledWithoutParameterNames.compile("io.dora.handler.Unnamed", """
				package io.dora.handler;

				public class Unnamed {

					@io.dora.annotation.DoraApi("/unnamed")
					public String find(String customer, int limit) {
						return customer + limit;
					}

				}
				""", DoraApi.class);
		Object bean = unnamed.getDeclaredConstructor().newInstance();
		var method = unnamed.getMethod("find", String.class, int.class);
		assertThatExceptionOfType(InvalidDoraApiException.class)
			.isThrownBy(() -> DoraApiMethod.forMethod("/unnamed", "unnamed", bean, method, unnamed, false))
			.withMessageContaining(unnamed.getName() + ".find()")
			.withMessageContaining("their names were not compiled");
	}

	private ApiResult<Object> call(String api, String param) {
		ApiCall<JsonNode> call = new ApiCall<>(api, this.mapper.readTree(param));
		return this.invoker
			.invoke("k", call, this.invoker.lookup(call),
					new RequestInfo("0123456789abcdef0123456789abcdef", CallMode.SYNC, "tcp", "127.0.0.1:1", Map.of(),
							0))
			.join();
	}

	interface Orders {

		@DoraApi("/orders/find")
		String find(String customer, int limit, DoraCallContext context, List<Long> ids);

		@DoraApi("/orders/total")
		String total(@DoraParam("order-id") long orderId, String currency);

	}

	static class OrderService implements Orders {

		@Override
		public String find(String who, int max, DoraCallContext context, List<Long> keys) {
			String type = (keys != null) ? keys.get(0).getClass().getSimpleName() : "-";
			return who + " limit " + max + " ids " + keys + " of " + type + " via " + context.apiName();
		}

		@Override
		public String total(long id, String code) {
			return id + " " + code;
		}

	}

}
