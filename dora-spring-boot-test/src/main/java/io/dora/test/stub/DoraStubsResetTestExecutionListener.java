package io.dora.test.stub;

import org.springframework.context.ApplicationContext;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.support.AbstractTestExecutionListener;

/**
 * Resets the {@link DoraStubs} of a test's application context after each test method, so that tests sharing a
 * cached context do not see each other's stubs and calls.
 */
class DoraStubsResetTestExecutionListener extends AbstractTestExecutionListener {

	@Override
	public int getOrder() {
		return 2000;
	}

	@Override
	public void afterTestMethod(TestContext testContext) {
		if (testContext.hasApplicationContext()) {
			ApplicationContext context = testContext.getApplicationContext();
			context.getBeanProvider(DoraStubs.class).ifAvailable(DoraStubs::reset);
		}
	}

}
