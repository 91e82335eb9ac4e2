package dev.socketipc.test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;

import dev.socketipc.client.IpcConnection;
import dev.socketipc.client.IpcRemoteException;
import dev.socketipc.testsupport.LineClient;
import dev.socketipc.transport.IpcAddress;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * {@link MockIpcServer} on its own: an expectation takes part once its answer is given,
 * methods are announced before clients connect, and the address reported is the one
 * bound.
 */
@Timeout(30)
class MockIpcServerExpectationsTest {

	private static final JavaType INTEGER = JsonMapper.shared().constructType(Integer.class);

	private MockIpcServer server;

	private IpcConnection connection;

	@AfterEach
	void stop() {
		if (this.connection != null) {
			this.connection.close();
		}
		if (this.server != null) {
			this.server.stop();
		}
	}

	private MockIpcServer start(String address) {
		this.server = MockIpcServer.create("calculator", IpcAddress.parse(address), MockIpcServer.Pose.CURRENT,
				List.of("add"), null);
		this.server.start();
		return this.server;
	}

	private Object call(String method, Object... args) throws Exception {
		if (this.connection == null) {
			this.connection = IpcConnection.builder(this.server.address()).build();
		}
		try {
			return this.connection.call(method, args, INTEGER, Duration.ofSeconds(10)).get();
		}
		catch (ExecutionException ex) {
			throw (Exception) ex.getCause();
		}
	}

	@Test
	void expectationWithoutItsAnswerMatchesNoCall() {
		start("local:mock-expectations-" + System.nanoTime());
		this.server.expect("add").withArgs(1, 2);

		assertThatExceptionOfType(IpcRemoteException.class).isThrownBy(() -> call("add", 1, 2))
			.satisfies((ex) -> assertThat(ex.getCodeName()).isEqualTo(MockIpcServer.UNEXPECTED_CALL));
		assertThatExceptionOfType(AssertionError.class).isThrownBy(this.server::verify)
			.withMessage("MockIpcServer 'calculator': unexpected call add(1,2); expected call add(1,2) was not made "
					+ "(its answer was never given: end it with andRespond or andRespondError)");
	}

	@Test
	void expectationCannotChangeOnceAnswered() {
		start("local:mock-expectations-" + System.nanoTime());
		ExpectedCall call = this.server.expect("add").andRespond(3);

		assertThatIllegalStateException().isThrownBy(() -> call.andDelay(Duration.ofSeconds(1)))
			.withMessageStartingWith("Cannot call andDelay on the expected call add(any arguments)");
		assertThatIllegalStateException().isThrownBy(() -> call.withArgs(1, 2))
			.withMessageStartingWith("Cannot call withArgs on the expected call add(any arguments)");
	}

	@Test
	void methodExpectedBeforeAClientConnectsIsAnnounced() throws Exception {
		start("local:mock-expectations-" + System.nanoTime());
		this.server.expect("subtract").withArgs(5, 2).andRespond(3);

		assertThat(call("subtract", 5, 2)).isEqualTo(3);
		this.server.verify();
	}

	@Test
	void unannouncedMethodExpectedOnceAClientIsConnectedFailsNamingIt() throws Exception {
		start("local:mock-expectations-" + System.nanoTime());
		this.server.expect("add").andRespond(1);
		assertThat(call("add")).isEqualTo(1);

		assertThatIllegalStateException().isThrownBy(() -> this.server.expect("subtract"))
			.withMessageStartingWith("MockIpcServer 'calculator' cannot expect 'subtract': its clients are "
					+ "connected and were told its methods [add]");
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(this.connection::isReady);
		assertThat(this.connection.methods()).containsExactly("add");
	}

	@Test
	void seedPoseAnswersErrorsWithoutCodeAsASeedServerDoes() throws Exception {
		this.server = MockIpcServer.create("calculator",
				IpcAddress.parse("local:mock-expectations-" + System.nanoTime()), MockIpcServer.Pose.SEED,
				List.of("add"), null);
		this.server.start();
		this.server.expect("add").andRespondError("SERVICE_ERROR", "boom");

		try (LineClient client = LineClient.connectAndSkipRegister(this.server.address().socketAddress())) {
			client.call(7, "add", 1);
			assertThat(client.readLine()).isEqualTo("{\"success\":false,\"rid\":7,\"error\":\"boom\"}");
			client.call(8, "add", 2);
			assertThat(client.readLine()).startsWith("{\"success\":false,\"rid\":8,\"error\":\"MockIpcServer");
		}
	}

	@Test
	void reportsThePortBoundForPortZero() throws Exception {
		start("tcp://127.0.0.1:0");

		assertThat(this.server.address()).isInstanceOfSatisfying(IpcAddress.Tcp.class,
				(tcp) -> assertThat(tcp.port()).isPositive());
		this.server.expect("add").withArgs(2, 2).andRespond(4);
		assertThat(call("add", 2, 2)).isEqualTo(4);
	}

}
