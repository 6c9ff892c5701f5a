package io.dora.handler;

import java.lang.reflect.Method;

import org.junit.jupiter.api.Test;

import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The registry of {@code @DoraApi} handlers that every transport looks names up in.
 */
class DoraApiRegistryTests {

	private final DoraApiRegistry registry = new DoraApiRegistry();

	@Test
	void exactNameIsFoundWithoutVariables() {
		DoraApiMethod abc = handler("/module_a/abc", "abcBean");
		this.registry.register(abc);
		DoraApiRegistry.Match match = this.registry.lookup("/module_a/abc");
		assertThat(match.method()).isSameAs(abc);
		assertThat(match.pathVariables()).isEmpty();
		assertThat(this.registry.lookup("/module_a/abd")).isNull();
		assertThat(this.registry.lookup(null)).isNull();
	}

	@Test
	void exactNameWinsOverAPatternAndTheMostSpecificPatternWinsOverOthers() {
		DoraApiMethod exact = handler("/module_a/abc", "exact");
		DoraApiMethod anyDepth = handler("/module_a/**", "anyDepth");
		DoraApiMethod oneLevel = handler("/module_a/{name}", "oneLevel");
		this.registry.register(anyDepth);
		this.registry.register(oneLevel);
		this.registry.register(exact);
		assertThat(this.registry.lookup("/module_a/abc").method()).isSameAs(exact);
		DoraApiRegistry.Match named = this.registry.lookup("/module_a/xyz");
		assertThat(named.method()).isSameAs(oneLevel);
		assertThat(named.pathVariables()).containsEntry("name", "xyz");
		assertThat(this.registry.lookup("/module_a/x/y").method()).isSameAs(anyDepth);
		assertThat(this.registry.lookup("/module_b/x")).isNull();
	}

	@Test
	void secondHandlerOnAPathIsRefusedNamingBoth() {
		this.registry.register(handler("/module_a/abc", "first"));
		assertThatExceptionOfType(DuplicateDoraApiException.class)
			.isThrownBy(() -> this.registry.register(handler("/module_a/abc", "second")))
			.withMessageStartingWith("Ambiguous @DoraApi mapping")
			.withMessageContaining("'first'")
			.withMessageContaining("'second'")
			.satisfies((ex) -> assertThat(ex.getPath()).isEqualTo("/module_a/abc"));
		assertThat(this.registry.lookup("/module_a/abc").method().beanName()).isEqualTo("first");
	}

	@Test
	void samePatternTwiceIsRefused() {
		this.registry.register(handler("/module_a/*", "first"));
		assertThatExceptionOfType(DuplicateDoraApiException.class)
			.isThrownBy(() -> this.registry.register(handler("/module_a/*", "second")));
	}

	@Test
	void emptyPathIsRefusedWithTheDeclarationAndAFix() {
		assertThatExceptionOfType(InvalidDoraApiException.class)
			.isThrownBy(() -> this.registry.register(handler(" ", "blank")))
			.withMessageContaining(Handlers.class.getName() + ".echo()")
			.withMessageContaining("the path is empty");
		assertThat(this.registry.isEmpty()).isTrue();
	}

	@Test
	void handlersAreListedExactPathsFirstInAStableOrder() {
		this.registry.register(handler("/b", "b"));
		this.registry.register(handler("/p/**", "anyDepth"));
		this.registry.register(handler("/a", "a"));
		this.registry.register(handler("/p/*", "oneLevel"));
		assertThat(this.registry.handlers()).extracting(DoraApiMethod::path)
			.containsExactly("/a", "/b", "/p/*", "/p/**");
		assertThat(this.registry.size()).isEqualTo(4);
	}

	private static DoraApiMethod handler(String path, String beanName) {
		Method echo = ReflectionUtils.findMethod(Handlers.class, "echo", Object.class);
		return DoraApiMethod.forMethod(path, beanName, new Handlers(), echo, Handlers.class, false);
	}

	public static class Handlers {

		public Object echo(Object param) {
			return param;
		}

	}

}
