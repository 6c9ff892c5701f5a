package io.dora.autoconfigure.openapi;

import java.util.Properties;

import io.dora.autoconfigure.DoraClientAutoConfiguration;
import io.dora.autoconfigure.DoraServerAutoConfiguration;
import io.dora.autoconfigure.DoraWebMvcAutoConfiguration;
import io.dora.test.TestHandlers;
import io.dora.web.DoraHttpController;
import io.dora.web.openapi.DoraApiExplorer;
import io.dora.web.openapi.DoraOpenApiCustomizer;
import io.dora.web.openapi.DoraOpenApiDocument;
import io.dora.web.openapi.DoraOpenApiGenerator;
import io.swagger.v3.oas.models.OpenAPI;
import org.junit.jupiter.api.Test;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.core.io.ClassPathResource;
import org.springframework.web.servlet.function.RouterFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every condition of the OpenAPI document's and the explorer's auto-configuration.
 */
class DoraOpenApiAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, DoraServerAutoConfiguration.class,
				DoraClientAutoConfiguration.class, DoraWebMvcAutoConfiguration.class,
				DoraOpenApiAutoConfiguration.class))
		.withPropertyValues("dora.server.port=0")
		.withBean(TestHandlers.class);

	@Test
	void servletApplicationWithHandlersAndSwaggerCoreServesTheDocumentButNoExplorer() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(DoraOpenApiGenerator.class)
				.hasSingleBean(DoraOpenApiDocument.class)
				.hasBean("doraOpenApiRoute")
				.doesNotHaveBean("doraApiExplorerRoutes");
			JsonNode document = document(context.getBean(DoraOpenApiDocument.class));
			assertThat(document.get("info").get("title").asString()).isEqualTo("application (Dora APIs)");
			assertThat(document.get("paths").has("/call/user/get")).isTrue();
		});
	}

	@Test
	void backsOffWithoutSwaggerCore() {
		this.runner.withClassLoader(new FilteredClassLoader(OpenAPI.class))
			.run((context) -> assertThat(context).hasSingleBean(DoraHttpController.class)
				.doesNotHaveBean(DoraOpenApiGenerator.class)
				.doesNotHaveBean(RouterFunction.class));
	}

	@Test
	void switchesOffWithItsPropertyOrWithTheHttpEndpoint() {
		this.runner.withPropertyValues("dora.server.http.openapi.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(DoraOpenApiDocument.class));
		this.runner.withPropertyValues("dora.server.http.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(DoraOpenApiDocument.class));
	}

	@Test
	void explorerNeedsItsPropertyAndTheSwaggerUiWebjar() {
		this.runner.withPropertyValues("dora.server.http.explorer.enabled=true")
			.run((context) -> assertThat(context).hasBean("doraApiExplorerRoutes"));
		this.runner.withPropertyValues("dora.server.http.explorer.enabled=true")
			.withClassLoader(new FilteredClassLoader(new ClassPathResource(DoraApiExplorer.SWAGGER_UI_POM)))
			.run((context) -> assertThat(context).hasBean("doraOpenApiRoute").doesNotHaveBean("doraApiExplorerRoutes"));
	}

	@Test
	void signingKeysMakeTheSignatureASecurityScheme() {
		this.runner.withPropertyValues("dora.security.keys.k1=0123456789abcdef0123")
			.run((context) -> assertThat(document(context.getBean(DoraOpenApiDocument.class)).get("components")
				.get("securitySchemes")
				.has(DoraOpenApiGenerator.SIGNATURE_SCHEME)).isTrue());
		this.runner.run((context) -> assertThat(document(context.getBean(DoraOpenApiDocument.class)).get("components")
			.has("securitySchemes")).isFalse());
	}

	@Test
	void versionIsTheApplicationsBuildVersion() {
		Properties build = new Properties();
		build.setProperty("version", "2.3.4");
		this.runner.withBean(BuildProperties.class, () -> new BuildProperties(build))
			.run((context) -> assertThat(document(context.getBean(DoraOpenApiDocument.class)).get("info")
				.get("version")
				.asString()).isEqualTo("2.3.4"));
	}

	@Test
	void customizersChangeTheDocument() {
		this.runner.withBean(DoraOpenApiCustomizer.class, () -> (openApi) -> openApi.getInfo().version("7.1"))
			.run((context) -> assertThat(document(context.getBean(DoraOpenApiDocument.class)).get("info")
				.get("version")
				.asString()).isEqualTo("7.1"));
	}

	@Test
	void springdocGetsTheDoraApisWhenTheApplicationUsesIt() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(DoraSpringdocCustomizer.class));
		this.runner.withClassLoader(new FilteredClassLoader(GlobalOpenApiCustomizer.class))
			.run((context) -> assertThat(context).hasSingleBean(DoraOpenApiDocument.class)
				.doesNotHaveBean(DoraSpringdocCustomizer.class));
	}

	private static JsonNode document(DoraOpenApiDocument document) {
		return JsonMapper.builder().build().readTree(document.json(""));
	}

}
