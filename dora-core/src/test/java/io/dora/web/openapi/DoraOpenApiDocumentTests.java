package io.dora.web.openapi;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.oas.models.info.Info;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The served document: generated once, customised, with the context path as its server.
 */
class DoraOpenApiDocumentTests {

	@Test
	void isGeneratedOnceAndCustomisedBeforeItIsServed() {
		AtomicInteger generated = new AtomicInteger();
		DoraOpenApiDocument document = new DoraOpenApiDocument(() -> {
			generated.incrementAndGet();
			return new OpenAPI(SpecVersion.V31).openapi("3.1.0").info(new Info().title("t").version("1"));
		}, List.of((openApi) -> openApi.getInfo().title("customised")));
		byte[] first = document.json("/app");
		assertThat(document.json("/app")).isSameAs(first);
		assertThat(generated).hasValue(1);
		JsonNode json = JsonMapper.builder().build().readTree(first);
		assertThat(json.get("info").get("title").asString()).isEqualTo("customised");
		assertThat(json.get("servers").get(0).get("url").asString()).isEqualTo("/app");
	}

	@Test
	void rootContextPathNeedsNoServer() {
		DoraOpenApiDocument document = new DoraOpenApiDocument(
				() -> new OpenAPI(SpecVersion.V31).openapi("3.1.0").info(new Info().title("t").version("1")), List.of());
		assertThat(JsonMapper.builder().build().readTree(document.json("")).has("servers")).isFalse();
	}

}
