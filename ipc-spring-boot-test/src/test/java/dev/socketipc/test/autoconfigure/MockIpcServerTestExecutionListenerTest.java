package dev.socketipc.test.autoconfigure;

import java.time.Duration;
import java.util.List;

import dev.socketipc.client.IpcConnection;
import dev.socketipc.client.IpcRemoteException;
import dev.socketipc.test.MockIpcServer;
import dev.socketipc.transport.IpcAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.support.GenericApplicationContext;
import org.springframework.test.context.TestContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * {@link MockIpcServerTestExecutionListener}: a call no expectation matched fails the
 * test after its method, even when the client swallowed the error, and the mock servers
 * are reset for the next test of the cached context.
 */
@Timeout(30)
class MockIpcServerTestExecutionListenerTest {

	private final MockIpcServer server = MockIpcServer.create("calculator",
			new IpcAddress.Local("listener-test-" + System.nanoTime()), MockIpcServer.Pose.CURRENT, List.of("add"),
			null);

	private final GenericApplicationContext context = new GenericApplicationContext();

	private IpcConnection connection;

	@AfterEach
	void close() {
		if (this.connection != null) {
			this.connection.close();
		}
		this.context.close();
		this.server.stop();
	}

	private TestContext testContext() {
		this.context.registerBean(MockIpcServer.class, () -> this.server);
		this.context.refresh();
		TestContext testContext = mock(TestContext.class);
		given(testContext.hasApplicationContext()).willReturn(true);
		given(testContext.getApplicationContext()).willReturn(this.context);
		return testContext;
	}

	@Test
	void unexpectedCallFailsTheTestAfterItsMethodNamingTheCallThenResets() throws Exception {
		this.server.start();
		this.connection = IpcConnection.builder(this.server.address()).build();
		assertThatExceptionOfType(Exception.class).isThrownBy(
				() -> this.connection
					.call("add", new Object[] { 2, 2 }, JsonMapper.shared().constructType(Integer.class),
							Duration.ofSeconds(10))
					.get())
			.withCauseInstanceOf(IpcRemoteException.class);
		TestContext testContext = testContext();
		MockIpcServerTestExecutionListener listener = new MockIpcServerTestExecutionListener();
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> listener.afterTestMethod(testContext))
			.withMessage("MockIpcServer 'calculator': unexpected call add(2,2)");
		listener.afterTestMethod(testContext);
	}

	@Test
	void expectationsLeftAreResetWithoutFailing() throws Exception {
		this.server.expect("add");
		TestContext testContext = testContext();
		new MockIpcServerTestExecutionListener().afterTestMethod(testContext);
		this.server.verify();
		assertThat(this.server.serverName()).isEqualTo("calculator");
	}

}
