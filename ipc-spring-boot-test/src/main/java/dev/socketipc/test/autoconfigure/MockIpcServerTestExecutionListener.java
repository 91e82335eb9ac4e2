package dev.socketipc.test.autoconfigure;

import dev.socketipc.test.MockIpcServer;

import org.springframework.context.ApplicationContext;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.support.AbstractTestExecutionListener;

/**
 * After each test method, fails the test when a {@link MockIpcServer} of its context
 * received a call it did not expect, then resets every mock server, so that the next test
 * of a cached context starts with none. Registered in {@code META-INF/spring.factories}.
 */
class MockIpcServerTestExecutionListener extends AbstractTestExecutionListener {

	@Override
	public int getOrder() {
		return 2500;
	}

	@Override
	public void afterTestMethod(TestContext testContext) {
		if (!testContext.hasApplicationContext()) {
			return;
		}
		ApplicationContext context = testContext.getApplicationContext();
		AssertionError failure = null;
		for (MockIpcServer server : context.getBeanProvider(MockIpcServer.class)) {
			try {
				server.verifyNoUnexpectedCalls();
			}
			catch (AssertionError ex) {
				if (failure == null) {
					failure = ex;
				}
				else {
					failure.addSuppressed(ex);
				}
			}
			finally {
				server.reset();
			}
		}
		if (failure != null) {
			throw failure;
		}
	}

}
