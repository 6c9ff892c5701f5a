package io.dora.sample.provider;

import java.util.List;

import io.dora.handler.DoraApiMethod;
import io.dora.handler.DoraApiRegistry;
import io.dora.test.context.RandomDoraServerPort;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document the sample provider serves at {@code /openapi.json}: valid, one operation per API, with the
 * schemas of its records, generic record, collections, maps and scalars, its patterns as templates, its
 * {@code CompletionStage} result, and the codes of /call.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "dora.registry.enabled=false")
@RandomDoraServerPort
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiDocumentTests {

	@LocalServerPort
	private int httpPort;

	@Autowired
	private DoraApiRegistry registry;

	private String json;

	private JsonNode document;

	@BeforeAll
	void fetch() {
		this.json = RestClient.create("http://127.0.0.1:" + this.httpPort).get().uri("/openapi.json").retrieve()
			.body(String.class);
		this.document = JsonMapper.builder().build().readTree(this.json);
	}

	@Test
	void validatesAsOpenApi31() {
		SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(this.json);
		assertThat(parsed.getMessages()).isEmpty();
		assertThat(parsed.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
		assertThat(parsed.getOpenAPI().getInfo().getTitle()).isEqualTo("sample-provider (Dora APIs)");
	}

	@Test
	void listsEveryApiOfTheProviderUnderCall() {
		List<String> apis = this.registry.handlers().stream().map(DoraApiMethod::path).toList();
		List<String> described = this.document.get("paths").valueStream()
			.map((path) -> path.get("post").get("x-dora-api").asString())
			.toList();
		assertThat(described).containsExactlyInAnyOrderElementsOf(apis);
		assertThat(this.document.get("paths").propertyNames()).contains("/call/module_a/abc", "/call/module_a/{path}",
				"/call/module_x/refuse", "/call/shop/item", "/call/shop/item/{id}", "/call/shop/lookup");
	}

	@Test
	void recordsAreComponentsWithTheirProperties() {
		JsonNode item = operation("/call/shop/item");
		assertThat(item.get("description").asString()).isEqualTo("One item by id; code 4004 when there is none.");
		assertThat(requestBody(item).get("$ref").asString()).isEqualTo("#/components/schemas/ItemQuery");
		assertThat(data(item).get("$ref").asString()).isEqualTo("#/components/schemas/Item");
		JsonNode properties = schema("Item").get("properties");
		assertThat(properties.propertyNames()).containsExactlyInAnyOrder("id", "name", "tags", "price", "stock");
		assertThat(properties.get("id").get("format").asString()).isEqualTo("int64");
		assertThat(properties.get("price").get("format").asString()).isEqualTo("double");
		assertThat(properties.get("tags").get("items").get("type").asString()).isEqualTo("string");
		assertThat(properties.get("stock").get("enum").valueStream().map(JsonNode::asString))
			.containsExactly("IN_STOCK", "LOW", "SOLD_OUT");
	}

	@Test
	void genericRecordIsResolvedForItsTypeArgument() {
		JsonNode items = operation("/call/shop/items");
		assertThat(requestBody(items).get("type").asString()).isEqualTo("integer");
		assertThat(data(items).get("$ref").asString()).isEqualTo("#/components/schemas/PageItem");
		JsonNode page = schema("PageItem").get("properties");
		assertThat(page.get("items").get("items").get("$ref").asString()).isEqualTo("#/components/schemas/Item");
		assertThat(page.get("total").get("format").asString()).isEqualTo("int32");
	}

	@Test
	void collectionsMapsAndScalars() {
		JsonNode prices = operation("/call/shop/prices");
		assertThat(requestBody(prices).get("type").asString()).isEqualTo("array");
		assertThat(requestBody(prices).get("items").get("format").asString()).isEqualTo("int64");
		assertThat(data(prices).get("additionalProperties").get("format").asString()).isEqualTo("double");
		JsonNode count = operation("/call/shop/count");
		assertThat(count.has("requestBody")).isFalse();
		assertThat(data(count).get("format").asString()).isEqualTo("int64");
		assertThat(data(operation("/call/shop/greet")).get("type").asString()).isEqualTo("string");
		assertThat(data(operation("/call/module_a/abc")).get("type").asString()).isEqualTo("object");
	}

	@Test
	void completionStageResultAndPatternWithAVariable() {
		assertThat(data(operation("/call/shop/lookup")).get("$ref").asString()).isEqualTo("#/components/schemas/Item");
		JsonNode byId = operation("/call/shop/item/{id}");
		assertThat(byId.get("parameters").get(0).get("name").asString()).isEqualTo("id");
		assertThat(byId.get("parameters").get(0).get("in").asString()).isEqualTo("path");
		assertThat(byId.get("x-dora-api").asString()).isEqualTo("/shop/item/{id}");
		JsonNode moduleA = operation("/call/module_a/{path}");
		assertThat(moduleA.get("x-dora-api").asString()).isEqualTo("/module_a/**");
		assertThat(moduleA.get("parameters").get(0).get("description").asString()).contains("may contain `/`");
	}

	@Test
	void unknownApiAndBadParamCodesAreDocumentedResponses() {
		JsonNode responses = operation("/call/shop/item").get("responses");
		assertThat(responses.get("404").get("x-dora-codes").valueStream().map(JsonNode::asInt)).containsExactly(100013);
		assertThat(responses.get("400").get("x-dora-codes").valueStream().map(JsonNode::asInt)).contains(100004);
		assertThat(responses.get("422").get("description").asString()).contains("code of its own");
		assertThat(this.document.get("components").has("securitySchemes")).isFalse();
	}

	private JsonNode operation(String path) {
		JsonNode item = this.document.get("paths").get(path);
		assertThat(item).as(path).isNotNull();
		return item.get("post");
	}

	private static JsonNode requestBody(JsonNode operation) {
		return operation.get("requestBody").get("content").get("application/json").get("schema");
	}

	private JsonNode data(JsonNode operation) {
		String ref = operation.get("responses").get("200").get("content").get("application/json").get("schema")
			.get("$ref").asString();
		return schema(ref.substring(ref.lastIndexOf('/') + 1)).get("properties").get("data");
	}

	private JsonNode schema(String name) {
		return this.document.get("components").get("schemas").get(name);
	}

}
