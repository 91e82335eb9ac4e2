package dev.socketipc.autoconfigure.client;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import dev.socketipc.autoconfigure.IpcClientAutoConfiguration;
import dev.socketipc.autoconfigure.IpcClientRegistry;
import dev.socketipc.autoconfigure.client.scanned.CalcClient;
import dev.socketipc.autoconfigure.client.scanned.ScannedClientsPackage;
import dev.socketipc.client.IpcConnection;
import dev.socketipc.client.IpcConnectionException;
import dev.socketipc.server.IpcServer;
import dev.socketipc.server.ServiceDefinition;
import dev.socketipc.testsupport.SocketPaths;
import dev.socketipc.transport.IpcAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@code ipc.client.wait-for-ready} and {@code ipc.client.servers.<name>.wait-for-ready}:
 * by default a call made while its server is unavailable fails at once; with the property
 * it waits for the server.
 */
@Timeout(60)
class IpcClientWaitForReadyTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, IpcClientAutoConfiguration.class))
		.withUserConfiguration(ScannedClientsPackage.class)
		// Long enough that a call ending by its timeout would fail the test's own wait.
		.withPropertyValues("ipc.client.timeout=5m", "ipc.client.reconnect.max-backoff=200ms");

	private Path directory;

	private IpcAddress address;

	private IpcServer server;

	@BeforeEach
	void createDirectory() throws IOException {
		this.directory = SocketPaths.newSocketDirectory();
		this.address = IpcAddress.parse("unix:" + this.directory.resolve("calc.sock"));
	}

	@AfterEach
	void stop() throws IOException {
		if (this.server != null) {
			this.server.stop();
		}
		SocketPaths.deleteRecursively(this.directory);
	}

	public static class CalcService {

		public int add(int... numbers) {
			return java.util.Arrays.stream(numbers).sum();
		}

	}

	private void startServer() {
		this.server = IpcServer.builder()
			.address(this.address)
			.service(ServiceDefinition.of("", new CalcService()))
			.shutdownTimeout(Duration.ZERO)
			.build();
		this.server.start();
	}

	@Test
	void callToAnUnavailableServerFailsAtOnceByDefault() {
		this.runner.withPropertyValues("ipc.client.servers.calc.address=" + this.address).run((context) -> {
			CalcClient calc = context.getBean(CalcClient.class);
			IpcConnection connection = context.getBean(IpcClientRegistry.class).connection(this.address);

			assertThatExceptionOfType(IpcConnectionException.class).isThrownBy(() -> calc.add(1, 2))
				.withMessageStartingWith("IPC call 'add' not sent: the server at " + this.address + " is unavailable");
			assertThat(connection.pendingCalls()).isZero();
		});
	}

	@Test
	void serverWaitForReadyMakesItsCallsWaitForTheServer() {
		this.runner
			.withPropertyValues("ipc.client.servers.calc.address=" + this.address,
					"ipc.client.servers.calc.wait-for-ready=true")
			.run((context) -> waitsForTheServer(context.getBean(CalcClient.class)));
	}

	@Test
	void globalWaitForReadyMakesEveryServersCallsWaitUnlessTheServerSaysOtherwise() {
		this.runner
			.withPropertyValues("ipc.client.servers.calc.address=" + this.address, "ipc.client.wait-for-ready=true",
					"ipc.client.servers.calc.wait-for-ready=false")
			.run((context) -> assertThatExceptionOfType(IpcConnectionException.class)
				.isThrownBy(() -> context.getBean(CalcClient.class).add(1, 2))
				.withMessageContaining("is unavailable"));
		this.runner
			.withPropertyValues("ipc.client.servers.calc.address=" + this.address, "ipc.client.wait-for-ready=true")
			.run((context) -> waitsForTheServer(context.getBean(CalcClient.class)));
	}

	private void waitsForTheServer(CalcClient calc) {
		CompletableFuture<Integer> sum = CompletableFuture.supplyAsync(() -> calc.add(20, 22));
		// Let the first attempt fail: the call is then waiting through the backoff.
		await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> !sum.isDone());
		startServer();
		assertThat(sum).succeedsWithin(WAIT).isEqualTo(42);
	}

}
