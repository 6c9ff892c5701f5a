package io.dora.web.openapi;

import io.dora.web.openapi.ApiPathTemplate.Kind;
import io.dora.web.openapi.ApiPathTemplate.Variable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @DoraApi} paths and patterns as OpenAPI path templates.
 */
class ApiPathTemplateTests {

	@Test
	void exactNameIsItsOwnTemplate() {
		ApiPathTemplate template = ApiPathTemplate.of("/module_a/abc");
		assertThat(template.template()).isEqualTo("/module_a/abc");
		assertThat(template.isPattern()).isFalse();
	}

	@Test
	void everyVariablePartOfAPatternBecomesAVariable() {
		assertThat(ApiPathTemplate.of("/user/{id}").variables()).containsExactly(new Variable("id", Kind.SEGMENT, null));
		assertThat(ApiPathTemplate.of("/module_a/**").template()).isEqualTo("/module_a/{path}");
		assertThat(ApiPathTemplate.of("/module_a/**").variables()).containsExactly(new Variable("path", Kind.REST, null));
		assertThat(ApiPathTemplate.of("/files/{*rest}").template()).isEqualTo("/files/{rest}");
		assertThat(ApiPathTemplate.of("/files/{*rest}").variables()).extracting(Variable::kind).containsExactly(Kind.REST);
		ApiPathTemplate mixed = ApiPathTemplate.of("/a/ab*/x?/*");
		assertThat(mixed.template()).isEqualTo("/a/ab{wildcard}/x{char}/{wildcard2}");
		assertThat(mixed.variables()).extracting(Variable::kind)
			.containsExactly(Kind.WITHIN_SEGMENT, Kind.ONE_CHARACTER, Kind.WITHIN_SEGMENT);
	}

	@Test
	void regexOfACaptureIsKeptEvenWithBracesInside() {
		ApiPathTemplate template = ApiPathTemplate.of("/order/{id:[0-9]{1,9}}/items");
		assertThat(template.template()).isEqualTo("/order/{id}/items");
		assertThat(template.variables()).containsExactly(new Variable("id", Kind.SEGMENT, "[0-9]{1,9}"));
	}

	@Test
	void templatesThatMatchTheSameUrlsShareAKey() {
		assertThat(ApiPathTemplate.of("/a/*").key()).isEqualTo(ApiPathTemplate.of("/a/**").key())
			.isEqualTo(ApiPathTemplate.of("/a/{name}").key());
		assertThat(ApiPathTemplate.of("/a/*").key()).isNotEqualTo(ApiPathTemplate.of("/b/*").key());
	}

}
