package io.dora.autoconfigure.openapi;

import io.dora.web.DoraHttpController;
import io.dora.web.openapi.DoraOpenApiGenerator;
import io.swagger.v3.oas.models.OpenAPI;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;

/**
 * Puts the Dora APIs into springdoc's document (and into each of its groups), described as in Dora's own document.
 * springdoc would otherwise describe Dora's generic controller mappings ({@code /call/{api}} with an untyped body)
 * and the routes serving Dora's document and explorer; those are left out.
 */
final class DoraSpringdocCustomizer implements GlobalOpenApiCustomizer {

	private final DoraOpenApiGenerator generator;

	private final String documentPath;

	private final String explorerPath;

	DoraSpringdocCustomizer(DoraOpenApiGenerator generator, String documentPath, String explorerPath) {
		this.generator = generator;
		this.documentPath = documentPath;
		this.explorerPath = explorerPath;
		SpringDocUtils.getConfig().addHiddenRestControllers(DoraHttpController.class);
	}

	@Override
	public void customise(OpenAPI openApi) {
		if (openApi.getPaths() != null) {
			openApi.getPaths()
				.keySet()
				.removeIf((path) -> path.equals(this.documentPath) || path.equals(this.explorerPath)
						|| path.startsWith(this.explorerPath + "/"));
		}
		this.generator.contributeTo(openApi);
	}

}
