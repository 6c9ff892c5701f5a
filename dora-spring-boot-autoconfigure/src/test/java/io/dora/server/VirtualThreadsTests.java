package io.dora.server;

import java.lang.reflect.Method;

import io.dora.annotation.DoraApi;
import io.dora.test.DoraTestContexts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code spring.threads.virtual.enabled=true} handlers run on virtual threads (JDK 21 and later).
 */
class VirtualThreadsTests {

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void handlersRunOnVirtualThreadsWhenEnabled() {
		DoraTestContexts.runner()
			.withPropertyValues("dora.server.port=0", "spring.threads.virtual.enabled=true")
			.withBean(ThreadReporter.class)
			.run((context) -> assertThat(DoraTestContexts.selfTemplate(context).call("/thread", null, Boolean.class))
				.isTrue());
	}

	@Test
	void handlersRunOnPlatformWorkersByDefault() {
		DoraTestContexts.runner()
			.withPropertyValues("dora.server.port=0")
			.withBean(ThreadReporter.class)
			.run((context) -> assertThat(DoraTestContexts.selfTemplate(context).call("/thread/name", null, String.class))
				.startsWith("dora-worker"));
	}

	static class ThreadReporter {

		@DoraApi("/thread")
		boolean isVirtual() throws Exception {
			Method isVirtual = Thread.class.getMethod("isVirtual");
			return (Boolean) isVirtual.invoke(Thread.currentThread());
		}

		@DoraApi("/thread/name")
		String name() {
			return Thread.currentThread().getName();
		}

	}

}
