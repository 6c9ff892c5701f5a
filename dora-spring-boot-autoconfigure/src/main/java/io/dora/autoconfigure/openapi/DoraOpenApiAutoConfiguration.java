package io.dora.autoconfigure.openapi;

import io.dora.autoconfigure.DoraHttpProperties;
import io.dora.autoconfigure.DoraWebMvcAutoConfiguration;
import io.dora.handler.DoraApiRegistry;
import io.dora.security.SignatureChecker;
import io.dora.web.DoraHttpBasePath;
import io.dora.web.DoraHttpController;
import io.dora.web.openapi.DoraApiExplorer;
import io.dora.web.openapi.DoraOpenApiCustomizer;
import io.dora.web.openapi.DoraOpenApiDocument;
import io.dora.web.openapi.DoraOpenApiGenerator;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.OpenAPI;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnResource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Auto-configuration of the OpenAPI document of the Dora APIs under {@code /call}, served at
 * {@code <base-path><dora.server.http.openapi.path>}, and of the API explorer page at
 * {@code <base-path><dora.server.http.explorer.path>} when {@code dora.server.http.explorer.enabled=true}.
 * <p>
 * Active where the HTTP endpoint is and swagger-core is on the classpath: swagger-core is an optional dependency,
 * which {@code dora-spring-boot-starter-openapi} (or springdoc) brings, so that applications that do not serve the
 * document carry neither it nor Jackson 2 it is built on. The explorer also needs the {@code org.webjars:swagger-ui}
 * jar. When the application uses springdoc, its document describes the Dora APIs too ({@link DoraSpringdocCustomizer}).
 */
@AutoConfiguration(after = DoraWebMvcAutoConfiguration.class)
@ConditionalOnClass({ OpenAPI.class, ModelConverters.class, RouterFunction.class })
@ConditionalOnBean({ DoraHttpController.class, DoraHttpBasePath.class })
@ConditionalOnBooleanProperty(name = "dora.server.http.openapi.enabled", matchIfMissing = true)
@EnableConfigurationProperties(DoraHttpProperties.class)
public final class DoraOpenApiAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	DoraOpenApiGenerator doraOpenApiGenerator(DoraApiRegistry registry, DoraHttpBasePath basePath,
			ObjectProvider<SignatureChecker> signatures) {
		// The endpoint checks signatures exactly when this checker exists (DoraWebMvcAutoConfiguration).
		return new DoraOpenApiGenerator(registry, basePath.prefix(), signatures.getIfUnique() != null);
	}

	@Bean
	@ConditionalOnMissingBean
	DoraOpenApiDocument doraOpenApiDocument(DoraOpenApiGenerator generator, Environment environment,
			ObjectProvider<BuildProperties> build, ObjectProvider<DoraOpenApiCustomizer> customizers) {
		String application = environment.getProperty("spring.application.name", "application");
		BuildProperties buildProperties = build.getIfAvailable();
		String version = (buildProperties != null && buildProperties.getVersion() != null)
				? buildProperties.getVersion() : "unversioned";
		return new DoraOpenApiDocument(() -> generator.generate(application + " (Dora APIs)", version),
				customizers.orderedStream().toList());
	}

	@Bean
	RouterFunction<ServerResponse> doraOpenApiRoute(DoraOpenApiDocument document, DoraHttpBasePath basePath,
			DoraHttpProperties properties) {
		return document.route(documentPath(basePath, properties));
	}

	static String documentPath(DoraHttpBasePath basePath, DoraHttpProperties properties) {
		return basePath.prefix() + subPath(properties.getOpenapi().getPath());
	}

	/** A configured path with one leading slash and no trailing one. */
	static String subPath(String path) {
		String prefix = new DoraHttpBasePath(path).prefix();
		if (prefix.isEmpty()) {
			throw new IllegalArgumentException("The path of the OpenAPI document and of the explorer must not be empty");
		}
		return prefix;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty("dora.server.http.explorer.enabled")
	@ConditionalOnResource(resources = "classpath:" + DoraApiExplorer.SWAGGER_UI_POM)
	static class ExplorerConfiguration {

		@Bean
		RouterFunction<ServerResponse> doraApiExplorerRoutes(DoraHttpBasePath basePath,
				DoraHttpProperties properties) {
			return new DoraApiExplorer(basePath.prefix() + subPath(properties.getExplorer().getPath()),
					documentPath(basePath, properties))
				.routes();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(GlobalOpenApiCustomizer.class)
	static class SpringdocConfiguration {

		@Bean
		DoraSpringdocCustomizer doraSpringdocCustomizer(DoraOpenApiGenerator generator, DoraHttpBasePath basePath,
				DoraHttpProperties properties) {
			return new DoraSpringdocCustomizer(generator, documentPath(basePath, properties),
					basePath.prefix() + subPath(properties.getExplorer().getPath()));
		}

	}

}
