package io.dora.web.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The API explorer: a page that renders the OpenAPI document with Swagger UI, from the {@code org.webjars:swagger-ui}
 * jar on the classpath, so operators and developers in other languages can read every API's schemas and send real
 * calls ("Try it out"). Served under one path:
 * <ul>
 * <li>{@code <path>} redirects to {@code <path>/}, the page;</li>
 * <li>{@code <path>/dora-explorer.js} starts Swagger UI on the document;</li>
 * <li>{@code <path>/*} are Swagger UI's own files.</li>
 * </ul>
 * The page loads nothing from elsewhere and runs no inline script: its Content-Security-Policy allows scripts only
 * from the application itself.
 */
public final class DoraApiExplorer {

	/** Where the webjar's Maven coordinates, and so its version, are. */
	public static final String SWAGGER_UI_POM = "META-INF/maven/org.webjars/swagger-ui/pom.properties";

	private static final String PAGE = """
			<!DOCTYPE html>
			<html lang="en">
			<head>
			<meta charset="utf-8">
			<title>Dora API explorer</title>
			<link rel="stylesheet" href="swagger-ui.css">
			</head>
			<body>
			<div id="swagger-ui"></div>
			<script src="swagger-ui-bundle.js"></script>
			<script src="dora-explorer.js"></script>
			</body>
			</html>
			""";

	private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
			+ "style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'";

	private final String path;

	private final String documentPath;

	private final Resource assets;

	/**
	 * @param path where the page is served, such as {@code /dora/explorer}
	 * @param documentPath where the OpenAPI document is served, such as {@code /dora/openapi.json}
	 */
	public DoraApiExplorer(String path, String documentPath) {
		this.path = path;
		this.documentPath = documentPath;
		this.assets = new ClassPathResource("META-INF/resources/webjars/swagger-ui/" + swaggerUiVersion() + "/");
	}

	/** The version of the Swagger UI webjar on the classpath. */
	static String swaggerUiVersion() {
		ClassPathResource pom = new ClassPathResource(SWAGGER_UI_POM);
		try (InputStream in = pom.getInputStream()) {
			Properties properties = new Properties();
			properties.load(in);
			return properties.getProperty("version");
		}
		catch (IOException ex) {
			throw new IllegalStateException("The API explorer needs org.webjars:swagger-ui on the classpath", ex);
		}
	}

	/** The routes of the page, its script and Swagger UI's files. */
	public RouterFunction<ServerResponse> routes() {
		return RouterFunctions.route()
			.GET(this.path, this::redirect)
			.GET(this.path + "/", this::page)
			.GET(this.path + "/dora-explorer.js", this::script)
			.build()
			.and(RouterFunctions.resources(this.path + "/*", this.assets));
	}

	private ServerResponse redirect(ServerRequest request) {
		String contextPath = request.servletRequest().getContextPath();
		return ServerResponse.status(302).location(URI.create(contextPath + this.path + "/")).build();
	}

	private ServerResponse page(ServerRequest request) {
		return ServerResponse.ok()
			.contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
			.cacheControl(CacheControl.noStore())
			.header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
			.header("X-Content-Type-Options", "nosniff")
			.body(PAGE);
	}

	private ServerResponse script(ServerRequest request) {
		String documentUrl = request.servletRequest().getContextPath() + this.documentPath;
		String script = """
				window.addEventListener("load", function () {
					window.ui = SwaggerUIBundle({
						url: "%s",
						dom_id: "#swagger-ui",
						deepLinking: true,
						displayRequestDuration: true,
						tryItOutEnabled: true
					});
				});
				""".formatted(jsonString(documentUrl));
		return ServerResponse.ok()
			.contentType(new MediaType("text", "javascript", StandardCharsets.UTF_8))
			.cacheControl(CacheControl.noStore())
			.body(script);
	}

	/** The text escaped for a JavaScript string literal in double quotes. */
	private static String jsonString(String text) {
		StringBuilder escaped = new StringBuilder();
		for (char c : text.toCharArray()) {
			if (c == '"' || c == '\\' || c == '<' || c == '>' || c < 0x20) {
				escaped.append(String.format("\\u%04x", (int) c));
			}
			else {
				escaped.append(c);
			}
		}
		return escaped.toString();
	}

}
