package io.dora.web;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import io.dora.protocol.DoraCodes;
import io.dora.web.openapi.DoraOpenApiGenerator;

import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document, the API explorer and springdoc's document on a real Tomcat, under a base path.
 */
class OpenApiEndpointTests {

	private static HttpProvider provider;

	@BeforeAll
	static void start() {
		provider = HttpProvider.start("dora.server.http.base-path=/rpc", "dora.server.http.explorer.enabled=true",
				"spring.application.name=http-provider");
	}

	@AfterAll
	static void stop() {
		provider.close();
	}

	@Test
	void documentIsServedUnderTheBasePathAndValidates() throws Exception {
		HttpResponse<String> response = provider.get("/rpc/openapi.json");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
		SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(response.body());
		assertThat(parsed.getMessages()).isEmpty();
		assertThat(parsed.getOpenAPI().getInfo().getTitle()).isEqualTo("http-provider (Dora APIs)");
		assertThat(parsed.getOpenAPI().getPaths()).containsKeys("/rpc/call/user/get", "/rpc/call/user/{id}",
				"/rpc/call/module_a/abc", "/rpc/call/module_a/{path}");
		assertThat(provider.get("/openapi.json").statusCode()).isEqualTo(404);
	}

	@Test
	void anOperationOfTheDocumentAnswersAsDescribed() throws Exception {
		JsonNode document = provider.json().readTree(provider.get("/rpc/openapi.json").body());
		JsonNode get = document.get("paths").get("/rpc/call/user/get").get("post");
		assertThat(get.get("responses").get("200").get("content").get("application/json").get("schema").get("$ref")
			.asString()).isEqualTo("#/components/schemas/DoraResultUser");
		JsonNode user = document.get("components").get("schemas").get("User").get("properties");
		HttpProvider.Reply reply = provider.postJson("/rpc/call/user/get", "{\"id\": 7}");
		assertThat(reply.body().propertyNames()).containsExactlyInAnyOrderElementsOf(
				document.get("components").get("schemas").get("DoraResultUser").get("properties").propertyNames());
		assertThat(reply.data().propertyNames()).containsExactlyInAnyOrderElementsOf(user.propertyNames());
	}

	@Test
	void aSlashEncodedInAPathParameterIsRefusedByTheServletContainer() throws Exception {
		// What docs/http.md says about ** templates: generated clients encode '/', Tomcat refuses it.
		// Tomcat answers 400 before any mapping, whatever the method.
		assertThat(provider.get("/rpc/call/module_a/x%2Fy").statusCode()).isEqualTo(400);
		assertThat(provider.postJson("/rpc/call/module_a/x/y", "{}").data().asString())
			.isEqualTo("pattern /module_a/** served /module_a/x/y");
	}

	@Test
	void explorerPageLoadsSwaggerUiFromTheApplicationAndPointsAtTheDocument() throws Exception {
		HttpResponse<String> redirect = provider.get("/rpc/explorer");
		assertThat(redirect.statusCode()).isEqualTo(302);
		assertThat(redirect.headers().firstValue("Location")).hasValue("/rpc/explorer/");
		HttpResponse<String> page = provider.get("/rpc/explorer/");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html;charset=UTF-8");
		assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
				(policy) -> assertThat(policy).contains("default-src 'self'; script-src 'self';", "frame-ancestors 'none'"));
		assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(page.body()).contains("<script src=\"swagger-ui-bundle.js\"></script>");
		HttpResponse<String> bundle = provider.get("/rpc/explorer/swagger-ui-bundle.js");
		assertThat(bundle.statusCode()).isEqualTo(200);
		assertThat(bundle.body()).contains("SwaggerUIBundle");
		assertThat(provider.get("/rpc/explorer/swagger-ui.css").statusCode()).isEqualTo(200);
		assertThat(provider.get("/rpc/explorer/dora-explorer.js").body()).contains("url: \"/rpc/openapi.json\"");
	}

	@Test
	void springdocDescribesTheDoraApisInsteadOfTheGenericController() throws Exception {
		JsonNode springdoc = provider.json().readTree(provider.get("/v3/api-docs").body());
		JsonNode paths = springdoc.get("paths");
		assertThat(paths.has("/rpc/call/user/get")).isTrue();
		assertThat(paths.get("/rpc/call/user/get").get("post").get("operationId").asString()).isEqualTo("user_get");
		assertThat(springdoc.get("components").get("schemas").has("DoraResultUser")).isTrue();
		assertThat(paths.propertyNames()).noneMatch((path) -> path.startsWith("/rpc/api/")
				|| path.startsWith("/rpc/server/") || path.equals("/rpc/call/{api}") || path.startsWith("/rpc/explorer")
				|| path.equals("/rpc/openapi.json"));
	}

	@Test
	void signedProviderDescribesItsSignatureAndItsExplorerGetsNoExemption() throws Exception {
		String secret = "explorer-secret-0123456789abcdef";
		try (HttpProvider signed = HttpProvider.start("dora.security.keys.web=" + secret,
				"dora.security.audiences=shop", "dora.server.http.explorer.enabled=true")) {
			JsonNode document = signed.json().readTree(signed.get("/openapi.json").body());
			assertThat(document.get("components").get("securitySchemes").has(DoraOpenApiGenerator.SIGNATURE_SCHEME))
				.isTrue();
			JsonNode count = document.get("paths").get("/call/count").get("post");
			assertThat(count.get("responses").get("401").get("x-dora-codes").get(0).asInt())
				.isEqualTo(DoraCodes.SIGNATURE_INVALID);
			assertThat(signed.get("/explorer/").statusCode()).isEqualTo(200);

			// "Try it out" without a signature: the request a browser on the explorer page sends.
			HttpProvider.Reply unsigned = signed.postJson("/call/count", "\"explorer-unsigned\"", "Origin",
					signed.uri("").toString(), "Referer", signed.uri("/explorer/").toString());
			assertThat(unsigned.status()).isEqualTo(401);
			assertThat(unsigned.code()).isEqualTo(DoraCodes.SIGNATURE_INVALID);
			assertThat(signed.handlers().executionsOf("explorer-unsigned")).isZero();

			// With the header the security scheme describes, computed for this very request, the call runs.
			byte[] body = "\"explorer-signed\"".getBytes(StandardCharsets.UTF_8);
			String header = HttpSignatures.header(secret, "web", "shop", System.currentTimeMillis(), "/call/count",
					null, "application/json", null, body);
			HttpProvider.Reply reply = signed.post("/call/count", "application/json", BodyPublishers.ofByteArray(body),
					"X-Dora-Signature", header);
			assertThat(reply.status()).isEqualTo(200);
			assertThat(reply.data().asInt()).isEqualTo(1);
		}
	}

}
