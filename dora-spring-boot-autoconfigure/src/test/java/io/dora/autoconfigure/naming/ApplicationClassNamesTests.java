package io.dora.autoconfigure.naming;

import io.dora.client.DoraOperations;
import io.dora.test.DoraTestContexts;
import io.dora.test.TestHandlers;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dora's own beans are named after their types' fully qualified names, so an application's classes named
 * {@code DoraServer}, {@code DoraTemplate} and the like, whose beans are {@code doraServer}, {@code doraTemplate},
 * ..., start next to them instead of failing on a bean name defined twice.
 */
class ApplicationClassNamesTests {

	@Test
	void applicationClassesNamedLikeDorasOwnStart() {
		DoraTestContexts.runner()
			.withPropertyValues("dora.server.port=0")
			.withBean(TestHandlers.class)
			.withUserConfiguration(ScansTheApplicationClasses.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean("doraServer")).isInstanceOf(DoraServer.class);
				assertThat(context.getBean("doraTemplate")).isInstanceOf(DoraTemplate.class);
				assertThat(context.getBean("doraDispatcher")).isInstanceOf(DoraDispatcher.class);
				assertThat(context.getBean("doraCaller")).isInstanceOf(DoraCaller.class);
				assertThat(context.getBean("doraClient")).isInstanceOf(DoraClient.class);
				assertThat(context).hasSingleBean(DoraOperations.class).hasSingleBean(io.dora.server.DoraServer.class);
			});
	}

	@Configuration(proxyBeanMethods = false)
	@ComponentScan(basePackageClasses = ApplicationClassNamesTests.class, useDefaultFilters = false,
			includeFilters = @ComponentScan.Filter(org.springframework.stereotype.Component.class))
	static class ScansTheApplicationClasses {

	}

}
