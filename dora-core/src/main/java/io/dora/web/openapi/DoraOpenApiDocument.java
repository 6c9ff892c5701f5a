package io.dora.web.openapi;

import java.util.List;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.servers.Server;

import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Serves the OpenAPI document of the Dora APIs as JSON. The document is generated on the first request, once every
 * handler is registered, and kept: handlers do not change while the application runs, and a caller who asks again
 * and again costs no more than one who asks once.
 */
public final class DoraOpenApiDocument {

	private final Supplier<OpenAPI> generator;

	private final List<DoraOpenApiCustomizer> customizers;

	private volatile byte[] json;

	/**
	 * @param generator makes the document
	 * @param customizers change it before it is served, in order
	 */
	public DoraOpenApiDocument(Supplier<OpenAPI> generator, List<DoraOpenApiCustomizer> customizers) {
		this.generator = generator;
		this.customizers = List.copyOf(customizers);
	}

	/**
	 * The document as JSON.
	 * @param contextPath the servlet context path, where the paths of the document start; empty for the root
	 */
	public byte[] json(String contextPath) {
		byte[] cached = this.json;
		if (cached == null) {
			synchronized (this) {
				cached = this.json;
				if (cached == null) {
					cached = write(contextPath);
					this.json = cached;
				}
			}
		}
		return cached;
	}

	private byte[] write(String contextPath) {
		OpenAPI openApi = this.generator.get();
		if (contextPath != null && !contextPath.isEmpty()) {
			openApi.addServersItem(new Server().url(contextPath));
		}
		this.customizers.forEach((customizer) -> customizer.customize(openApi));
		try {
			return Json31.mapper().writeValueAsBytes(openApi);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("The OpenAPI document cannot be written as JSON", ex);
		}
	}

	/** A route answering {@code GET path} with the document. */
	public RouterFunction<ServerResponse> route(String path) {
		return RouterFunctions.route().GET(path, this::serve).build();
	}

	private ServerResponse serve(ServerRequest request) {
		return ServerResponse.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.body(json(request.servletRequest().getContextPath()));
	}

}
