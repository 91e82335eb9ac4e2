package dev.socketipc.test.calc;

import java.time.Duration;

import dev.socketipc.autoconfigure.IpcClientRegistry;
import dev.socketipc.client.IpcConnection;
import dev.socketipc.client.IpcConnectionStatus;
import dev.socketipc.client.IpcRemoteException;
import dev.socketipc.client.IpcTimeoutException;
import dev.socketipc.test.MockIpcServer;
import dev.socketipc.test.autoconfigure.IpcClientTest;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests every verb of {@link MockIpcServer} through the {@code @IpcClient} proxy of an
 * {@code @IpcClientTest}: expected calls, their answers, errors and delays, and how an
 * unexpected call is answered and reported.
 */
@IpcClientTest(clients = Calculator.class, properties = "ipc.client.servers.calculator.method-timeouts.divide=200ms")
@Timeout(30)
class MockIpcServerTest {

	static final Duration WAIT = Duration.ofSeconds(10);

	@Autowired
	private Calculator calculator;

	@Autowired
	private MockIpcServer server;

	@Autowired
	private ApplicationContext context;

	@Test
	void bindToFindsTheMockServerTheClientsUse() {
		assertThat(MockIpcServer.bindTo(this.context, "calculator")).isSameAs(this.server);
		assertThat(this.server.address()).isInstanceOf(dev.socketipc.transport.IpcAddress.Local.class);
		assertThat(this.context.getBean(IpcClientRegistry.class).connections().get("calculator").address())
			.isEqualTo(this.server.address());
	}

	@Test
	void bindToNamesTheServersItHasWhenNoneMatches() {
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> MockIpcServer.bindTo(this.context, "inventory"))
			.withMessageContaining("'inventory'")
			.withMessageContaining("[calculator]");
	}

	@Test
	void answersAnExpectedCallWithItsArguments() {
		this.server.expect("add").withArgs(1, 2, 3).andRespond(6);
		assertThat(this.calculator.add(1, 2, 3)).isEqualTo(6);
		this.server.verify();
	}

	@Test
	void answersWithAnErrorCodeAndMessage() {
		this.server.expect("divide").withArgs(1, 0).andRespondError("SERVICE_ERROR", "boom");
		assertThatExceptionOfType(IpcRemoteException.class).isThrownBy(() -> this.calculator.divide(1, 0))
			.satisfies((ex) -> {
				assertThat(ex.getCodeName()).isEqualTo("SERVICE_ERROR");
				assertThat(ex.getRemoteMessage()).isEqualTo("boom");
			});
		this.server.verify();
	}

	@Test
	void answersAfterTheDelay() {
		// divide's timeout is 200ms: an answer delayed past it times the call out
		this.server.expect("divide").andDelay(Duration.ofSeconds(5)).andRespond(1);
		assertThatExceptionOfType(IpcTimeoutException.class).isThrownBy(() -> this.calculator.divide(1, 1));
		this.server.expect("add").andDelay(Duration.ofMillis(50)).andRespond(3);
		assertThat(this.calculator.add(1, 2)).isEqualTo(3);
	}

	@Test
	void expectationsMatchInTheOrderGivenAndOnce() {
		this.server.expect("greet").withArgs("ann").andRespond("hi ann");
		this.server.expect("greet").andRespond("hi anyone");
		assertThat(this.calculator.greet("bob")).isEqualTo("hi anyone");
		assertThat(this.calculator.greet("ann")).isEqualTo("hi ann");
		this.server.verify();
	}

	@Test
	void unexpectedCallIsAnsweredAnErrorAndFailsVerifyNamingMethodAndArguments() {
		this.server.expect("add").withArgs(1, 2, 3).andRespond(6);
		assertThatExceptionOfType(IpcRemoteException.class).isThrownBy(() -> this.calculator.add(1, 2, 4))
			.satisfies((ex) -> {
				assertThat(ex.getCodeName()).isEqualTo(MockIpcServer.UNEXPECTED_CALL);
				assertThat(ex.getRemoteMessage()).contains("did not expect the call add(1,2,4)")
					.contains("it expects [add(1,2,3)]");
			});
		assertThatExceptionOfType(AssertionError.class).isThrownBy(this.server::verify)
			.withMessage("MockIpcServer 'calculator': unexpected call add(1,2,4); "
					+ "expected call add(1,2,3) was not made");
		this.server.reset();
		this.server.verify();
	}

	@Test
	void verifyReportsAnExpectedCallNotMade() {
		this.server.expect("greet").withArgs("ann").andRespond("hi ann");
		assertThatExceptionOfType(AssertionError.class).isThrownBy(this.server::verify)
			.withMessage("MockIpcServer 'calculator': expected call greet(\"ann\") was not made");
		this.server.reset();
	}

	@Test
	void posesAsACurrentServerByDefault() {
		IpcConnection connection = this.context.getBean(IpcClientRegistry.class).connections().get("calculator");
		Awaitility.await().atMost(WAIT).until(connection::isReady);
		IpcConnectionStatus status = connection.status();
		assertThat(status.protocol()).isEqualTo(1);
		assertThat(status.features()).contains("ping", "meta");
		assertThat(status.methods()).contains("add", "divide", "greet");
	}

}
