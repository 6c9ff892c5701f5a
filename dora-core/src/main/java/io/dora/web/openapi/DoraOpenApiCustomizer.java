package io.dora.web.openapi;

import io.swagger.v3.oas.models.OpenAPI;

/**
 * Changes the OpenAPI document Dora serves before its first request: its title, version, servers, descriptions.
 * Declare one as a bean; applications that use springdoc customise springdoc's document with its own customizers.
 */
@FunctionalInterface
public interface DoraOpenApiCustomizer {

	void customize(OpenAPI openApi);

}
