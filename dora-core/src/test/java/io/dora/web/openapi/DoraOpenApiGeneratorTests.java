package io.dora.web.openapi;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.dora.annotation.DoraApi;
import io.dora.handler.DoraApiBeanPostProcessor;
import io.dora.handler.DoraApiHandler;
import io.dora.handler.DoraApiRegistry;
import io.dora.handler.DoraCallContext;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document generated from handlers: valid OpenAPI 3.1, one operation per API path with schemas of
 * records, generics, collections and scalars, patterns as templates, and the failures /call answers.
 */
class DoraOpenApiGeneratorTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@Test
	void documentIsValidOpenApi31() throws Exception {
		String document = Json31.mapper().writeValueAsString(generate("", true));
		ParseOptions options = new ParseOptions();
		options.setResolve(true);
		SwaggerParseResult result = new OpenAPIV3Parser().readContents(document, null, options);
		assertThat(result.getMessages()).isEmpty();
		assertThat(result.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
		assertThat(result.getOpenAPI().getPaths()).hasSize(11);
	}

	@Test
	void listsOneOperationPerApiPathUnderCall() {
		JsonNode paths = document("").get("paths");
		assertThat(paths.propertyNames()).containsExactlyInAnyOrder("/call/user/get", "/call/user/list",
				"/call/user/ids", "/call/user/find", "/call/user/{id}", "/call/module_a/{wildcard}", "/call/echo",
				"/call/orders/page", "/call/orders/first", "/call/ping", "/call/user/search");
		assertThat(paths.get("/call/user/get").propertyNames()).containsExactly("post");
		assertThat(operation(document("/dora"), "/dora/call/user/get").get("operationId").asString())
			.isEqualTo("user_get");
	}

	@Test
	void recordParamAndResult() {
		JsonNode document = document("");
		JsonNode get = operation(document, "/call/user/get");
		assertThat(get.get("description").asString()).isEqualTo("Finds a user by id.");
		assertThat(get.get("tags").get(0).asString()).isEqualTo("user");
		assertThat(get.get("x-dora-api").asString()).isEqualTo("/user/get");
		assertThat(requestSchema(get).get("$ref").asString()).isEqualTo("#/components/schemas/UserQuery");
		assertThat(schema(document, "UserQuery").get("properties").get("id").get("format").asString())
			.isEqualTo("int64");
		assertThat(resultData(document, get).get("$ref").asString()).isEqualTo("#/components/schemas/User");
		JsonNode user = schema(document, "User").get("properties");
		assertThat(user.propertyNames()).containsExactlyInAnyOrder("id", "name", "roles", "status");
		assertThat(user.get("name").get("type").asString()).isEqualTo("string");
		assertThat(user.get("roles").get("type").asString()).isEqualTo("array");
		assertThat(user.get("roles").get("items").get("type").asString()).isEqualTo("string");
		assertThat(user.get("status").get("enum").valueStream().map(JsonNode::asString)).containsExactly("ACTIVE",
				"GONE");
	}

	@Test
	void genericsAreResolvedIncludingThoseOfAGenericHandlerClass() {
		JsonNode document = document("");
		JsonNode list = operation(document, "/call/user/list");
		assertThat(requestSchema(list).get("type").asString()).isEqualTo("integer");
		assertThat(requestSchema(list).get("format").asString()).isEqualTo("int32");
		assertThat(resultData(document, list).get("$ref").asString()).isEqualTo("#/components/schemas/PageUser");
		JsonNode page = schema(document, "PageUser").get("properties");
		assertThat(page.get("items").get("items").get("$ref").asString()).isEqualTo("#/components/schemas/User");
		assertThat(page.get("total").get("type").asString()).isEqualTo("integer");
		JsonNode orders = operation(document, "/call/orders/page");
		assertThat(resultData(document, orders).get("$ref").asString()).isEqualTo("#/components/schemas/PageOrder");
		assertThat(schema(document, "PageOrder").get("properties").get("items").get("items").get("$ref").asString())
			.isEqualTo("#/components/schemas/Order");
	}

	@Test
	void collectionsMapsAndScalars() {
		JsonNode document = document("");
		JsonNode ids = operation(document, "/call/user/ids");
		JsonNode filter = requestSchema(ids);
		assertThat(filter.get("type").asString()).isEqualTo("object");
		assertThat(filter.get("additionalProperties").get("type").asString()).isEqualTo("integer");
		JsonNode data = resultData(document, ids);
		assertThat(data.get("type").asString()).isEqualTo("array");
		assertThat(data.get("items").get("format").asString()).isEqualTo("int64");
		JsonNode echo = operation(document, "/call/echo");
		assertThat(requestSchema(echo).get("type").asString()).isEqualTo("string");
		assertThat(resultData(document, echo).get("type").asString()).isEqualTo("string");
		JsonNode ping = operation(document, "/call/ping");
		assertThat(ping.has("requestBody")).isFalse();
		assertThat(result(document, ping).get("properties").has("data")).isFalse();
	}

	@Test
	void severalNamedParametersAreOneObjectWithAPropertyEach() {
		JsonNode document = document("");
		JsonNode param = requestSchema(operation(document, "/call/user/search"));
		assertThat(param.get("type").asString()).isEqualTo("object");
		JsonNode properties = param.get("properties");
		assertThat(properties.propertyNames()).containsExactly("name", "limit", "statuses");
		assertThat(properties.get("name").get("type").asString()).isEqualTo("string");
		assertThat(properties.get("limit").get("format").asString()).isEqualTo("int32");
		assertThat(properties.get("statuses").get("type").asString()).isEqualTo("array");
		assertThat(properties.get("statuses").get("items").get("enum").valueStream().map(JsonNode::asString))
			.containsExactly("ACTIVE", "GONE");
		assertThat(param.get("required").valueStream().map(JsonNode::asString)).containsExactly("limit");
	}

	@Test
	void completionStageAndOptionalAreDescribedByTheValueTheyHold() {
		JsonNode document = document("");
		assertThat(resultData(document, operation(document, "/call/orders/first")).get("$ref").asString())
			.isEqualTo("#/components/schemas/Order");
		JsonNode find = operation(document, "/call/user/find");
		assertThat(responseSchema(find, "200").get("$ref").asString())
			.isEqualTo("#/components/schemas/DoraResultUser");
		assertThat(resultData(document, find).get("$ref").asString()).isEqualTo("#/components/schemas/User");
	}

	@Test
	void patternsArePathTemplatesWithTheirVariablesAsParameters() {
		JsonNode document = document("");
		JsonNode byId = operation(document, "/call/user/{id}");
		assertThat(byId.get("operationId").asString()).isEqualTo("user_id");
		JsonNode id = byId.get("parameters").get(0);
		assertThat(id.get("in").asString()).isEqualTo("path");
		assertThat(id.get("name").asString()).isEqualTo("id");
		assertThat(id.get("required").asBoolean()).isTrue();
		assertThat(byId.get("description").asString()).contains("`/user/{id}`");
		JsonNode moduleA = operation(document, "/call/module_a/{wildcard}");
		assertThat(moduleA.get("x-dora-api").asString()).isEqualTo("/module_a/*");
		assertThat(moduleA.get("description").asString()).startsWith("Any name of module A.")
			.contains("`/module_a/*`");
		JsonNode timeout = byId.get("parameters").get(1);
		assertThat(timeout.get("in").asString()).isEqualTo("header");
		assertThat(timeout.get("name").asString()).isEqualTo("X-Dora-Timeout");
	}

	@Test
	void everyOperationListsTheFailuresOfCallWithTheirCodes() {
		JsonNode get = operation(document(""), "/call/user/get");
		JsonNode responses = get.get("responses");
		assertThat(responses.propertyNames()).containsExactly("200", "400", "404", "408", "413", "422", "500", "503",
				"504");
		assertThat(codes(responses.get("400"))).containsExactly(100004, 100019);
		assertThat(codes(responses.get("404"))).containsExactly(100013);
		assertThat(codes(responses.get("408"))).containsExactly(100007);
		assertThat(codes(responses.get("413"))).containsExactly(100016);
		assertThat(codes(responses.get("503"))).containsExactly(100014, 100015);
		assertThat(responses.get("503").get("description").asString()).contains("max-buffered-bytes")
			.contains("executor is full");
		assertThat(codes(responses.get("504"))).containsExactly(100017);
		assertThat(responses.get("404").get("description").asString()).contains("`100013`");
		assertThat(responses.get("422").has("x-dora-codes")).isFalse();
		assertThat(responseSchema(get, "404").get("$ref").asString()).isEqualTo("#/components/schemas/DoraFailure");
	}

	@Test
	void signatureIsASecuritySchemeOnlyWhenRequestsMustBeSigned() {
		JsonNode unsigned = document("");
		assertThat(unsigned.get("components").has("securitySchemes")).isFalse();
		assertThat(operation(unsigned, "/call/user/get").has("security")).isFalse();
		JsonNode signed = json.valueToTree(Json31.mapper().convertValue(generate("", true), Map.class));
		JsonNode scheme = signed.get("components").get("securitySchemes").get(DoraOpenApiGenerator.SIGNATURE_SCHEME);
		assertThat(scheme.get("type").asString()).isEqualTo("apiKey");
		assertThat(scheme.get("in").asString()).isEqualTo("header");
		assertThat(scheme.get("name").asString()).isEqualTo("X-Dora-Signature");
		assertThat(scheme.get("description").asString()).contains("aud=<audience>")
			.contains("Content-Type, X-Dora-Timeout")
			.contains("raw body");
		JsonNode get = operation(signed, "/call/user/get");
		assertThat(get.get("security").get(0).has(DoraOpenApiGenerator.SIGNATURE_SCHEME)).isTrue();
		assertThat(codes(get.get("responses").get("401"))).containsExactly(100005);
	}

	@Test
	void contributesToAnExistingDocumentWithoutReplacingItsContent() {
		OpenAPI existing = new OpenAPI().path("/mine", new io.swagger.v3.oas.models.PathItem());
		new DoraOpenApiGenerator(registry(), "", false).contributeTo(existing);
		assertThat(existing.getPaths()).containsKeys("/mine", "/call/user/get");
		assertThat(existing.getComponents().getSchemas()).containsKeys("User", "DoraFailure");
	}

	private static List<Integer> codes(JsonNode response) {
		return response.get("x-dora-codes").valueStream().map(JsonNode::asInt).toList();
	}

	private static JsonNode operation(JsonNode document, String path) {
		return document.get("paths").get(path).get("post");
	}

	private static JsonNode requestSchema(JsonNode operation) {
		return operation.get("requestBody").get("content").get("application/json").get("schema");
	}

	private static JsonNode responseSchema(JsonNode operation, String status) {
		return operation.get("responses").get(status).get("content").get("application/json").get("schema");
	}

	private static JsonNode result(JsonNode document, JsonNode operation) {
		String ref = responseSchema(operation, "200").get("$ref").asString();
		return schema(document, ref.substring(ref.lastIndexOf('/') + 1));
	}

	private static JsonNode resultData(JsonNode document, JsonNode operation) {
		return result(document, operation).get("properties").get("data");
	}

	private static JsonNode schema(JsonNode document, String name) {
		JsonNode schema = document.get("components").get("schemas").get(name);
		assertThat(schema).as("schema %s", name).isNotNull();
		return schema;
	}

	private static JsonNode document(String basePath) {
		try {
			return json.readTree(Json31.mapper().writeValueAsString(generate(basePath, false)));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static OpenAPI generate(String basePath, boolean signed) {
		return new DoraOpenApiGenerator(registry(), basePath, signed).generate("Test APIs", "1");
	}

	private static DoraApiRegistry registry() {
		DoraApiRegistry registry = new DoraApiRegistry();
		DoraApiBeanPostProcessor processor = new DoraApiBeanPostProcessor(registry);
		processor.postProcessAfterInitialization(new UserApis(), "userApis");
		processor.postProcessAfterInitialization(new EchoHandler(), "echoHandler");
		processor.postProcessAfterInitialization(new OrderPages(), "orderPages");
		processor.postProcessAfterInitialization(new OrderApis(), "orderApis");
		return registry;
	}

	enum Status {

		ACTIVE, GONE

	}

	record UserQuery(long id) {
	}

	record User(long id, String name, List<String> roles, Status status) {
	}

	record Order(String number, double amount) {
	}

	record Page<T>(List<T> items, int total) {
	}

	static class UserApis {

		@DoraApi(path = "/user/get", description = "Finds a user by id.")
		User get(UserQuery query) {
			return new User(query.id(), "user", List.of(), Status.ACTIVE);
		}

		@DoraApi("/user/list")
		Page<User> list(int size) {
			return new Page<>(List.of(), 0);
		}

		@DoraApi("/user/ids")
		List<Long> ids(Map<String, Integer> filter) {
			return List.of();
		}

		@DoraApi("/user/find")
		CompletionStage<User> find(DoraCallContext context, UserQuery query) {
			return CompletableFuture.completedFuture(get(query));
		}

		@DoraApi("/user/{id}")
		String byId(DoraCallContext context) {
			return context.pathVariables().get("id");
		}

		@DoraApi(path = "/module_a/*", description = "Any name of module A.")
		Map<String, Object> moduleA(Map<String, Object> param) {
			return param;
		}

		/** Same template as /module_a/*, which is more specific: left out. */
		@DoraApi("/module_a/**")
		Map<String, Object> moduleAnyDepth(Map<String, Object> param) {
			return param;
		}

		@DoraApi("/ping")
		void ping() {
		}

		@DoraApi("/user/search")
		List<User> search(String name, int limit, DoraCallContext context, List<Status> statuses) {
			return List.of();
		}

		/** Not reachable through /call, which always passes a name starting with '/'. */
		@DoraApi("getStatistics")
		String noSlash() {
			return "";
		}

	}

	@DoraApi("/echo")
	static class EchoHandler implements DoraApiHandler<String, String> {

		@Override
		public String handle(String param, DoraCallContext context) {
			return param;
		}

	}

	abstract static class PagedHandler<T> implements DoraApiHandler<Integer, Page<T>> {

	}

	@DoraApi("/orders/page")
	static class OrderPages extends PagedHandler<Order> {

		@Override
		public Page<Order> handle(Integer size, DoraCallContext context) {
			return new Page<>(List.of(), 0);
		}

	}

	static class OrderApis {

		@DoraApi("/orders/first")
		Optional<Order> first(String customer) {
			return Optional.empty();
		}

	}

}
