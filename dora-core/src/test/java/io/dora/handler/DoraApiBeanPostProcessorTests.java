package io.dora.handler;

import java.util.Map;

import io.dora.annotation.DoraApi;
import org.junit.jupiter.api.Test;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.AopUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * How {@link DoraApiBeanPostProcessor} finds {@code @DoraApi} classes and methods, without an application context.
 */
class DoraApiBeanPostProcessorTests {

	private final DoraApiRegistry registry = new DoraApiRegistry();

	private final DoraApiBeanPostProcessor postProcessor = new DoraApiBeanPostProcessor(this.registry);

	@Test
	void annotatedMethodsAreRegisteredUnderTheBeanName() {
		MethodHandlers bean = new MethodHandlers();
		assertThat(this.postProcessor.postProcessAfterInitialization(bean, "methodHandlers")).isSameAs(bean);
		DoraApiMethod one = this.registry.lookup("/method/one").method();
		assertThat(one.beanName()).isEqualTo("methodHandlers");
		assertThat(one.method().getName()).isEqualTo("one");
		assertThat(one.isNonBlocking()).isFalse();
		assertThat(this.registry.lookup("/method/two").method().isNonBlocking()).isTrue();
		assertThat(this.registry.size()).isEqualTo(2);
	}

	@Test
	void annotatedClassImplementingTheHandlerContractIsRegistered() {
		this.postProcessor.postProcessAfterInitialization(new ClassHandler(), "classHandler");
		DoraApiMethod method = this.registry.lookup("/class/level").method();
		assertThat(method.beanType()).isEqualTo(ClassHandler.class);
		assertThat(method.paramType().resolve()).isEqualTo(String.class);
	}

	@Test
	void annotatedClassWithoutTheHandlerContractIsRefusedWithAFix() {
		assertThatExceptionOfType(InvalidDoraApiException.class)
			.isThrownBy(() -> this.postProcessor.postProcessAfterInitialization(new NotAHandler(), "notAHandler"))
			.withMessageContaining(NotAHandler.class.getName())
			.withMessageContaining("does not implement " + DoraApiHandler.class.getName());
	}

	@Test
	void proxiedBeanIsMappedThroughTheProxyToTheTargetClassMethods() throws Throwable {
		ProxyFactory factory = new ProxyFactory(new MethodHandlers());
		factory.setProxyTargetClass(true);
		Object proxy = factory.getProxy();
		assertThat(AopUtils.isAopProxy(proxy)).isTrue();
		this.postProcessor.postProcessAfterInitialization(proxy, "proxied");
		DoraApiMethod one = this.registry.lookup("/method/one").method();
		assertThat(one.beanType()).isEqualTo(MethodHandlers.class);
		assertThat(one.invoke("x", null)).isEqualTo("one x");
	}

	@Test
	void placeholdersInPathsAreResolved() {
		this.postProcessor.setEmbeddedValueResolver((value) -> value.replace("${prefix}", "/resolved"));
		this.postProcessor.postProcessAfterInitialization(new PlaceholderHandlers(), "placeholders");
		assertThat(this.registry.lookup("/resolved/api")).isNotNull();
	}

	@Test
	void beansWithoutApisAreLeftAloneEveryTime() {
		Map<String, String> plain = Map.of();
		assertThat(this.postProcessor.postProcessAfterInitialization(plain, "plain")).isSameAs(plain);
		assertThat(this.postProcessor.postProcessAfterInitialization(new Object(), "first")).isNotNull();
		assertThat(this.postProcessor.postProcessAfterInitialization(new Object(), "second")).isNotNull();
		assertThat(this.registry.isEmpty()).isTrue();
	}

	public static class MethodHandlers {

		@DoraApi("/method/one")
		public String one(String param) {
			return "one " + param;
		}

		@DoraApi(path = "/method/two", nonBlocking = true)
		public String two(String param, DoraCallContext context) {
			return "two " + param;
		}

		public String notAnApi(String param) {
			return param;
		}

	}

	@DoraApi("/class/level")
	public static class ClassHandler implements DoraApiHandler<String, String> {

		@Override
		public String handle(String param, DoraCallContext context) {
			return "class " + param;
		}

	}

	@DoraApi("/not/a/handler")
	public static class NotAHandler {

	}

	public static class PlaceholderHandlers {

		@DoraApi("${prefix}/api")
		public String api() {
			return "ok";
		}

	}

}
