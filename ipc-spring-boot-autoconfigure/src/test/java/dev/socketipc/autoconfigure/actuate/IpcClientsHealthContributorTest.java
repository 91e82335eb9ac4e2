package dev.socketipc.autoconfigure.actuate;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.socketipc.autoconfigure.IpcClientAutoConfiguration;
import dev.socketipc.autoconfigure.client.scanned.CalcClient;
import dev.socketipc.autoconfigure.client.scanned.ScannedClientsPackage;
import dev.socketipc.server.IpcServer;
import dev.socketipc.server.ServiceDefinition;
import dev.socketipc.testsupport.SocketPaths;
import dev.socketipc.transport.IpcAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code ipcClients} health contributor has one component per server the clients
 * call: {@code UP} once registered, with the protocol and features the server announced;
 * {@code DOWN} with the last failure and the next attempt while the server is stopped;
 * {@code UP} again once it is back. Over a Unix socket and TCP.
 */
@Timeout(60)
class IpcClientsHealthContributorTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, IpcClientAutoConfiguration.class,
				IpcHealthContributorAutoConfiguration.class))
		.withUserConfiguration(ScannedClientsPackage.class)
		.withPropertyValues("ipc.client.reconnect.initial-backoff=20ms", "ipc.client.reconnect.max-backoff=200ms");

	private Path directory;

	private IpcServer server;

	@BeforeEach
	void createDirectory() throws IOException {
		this.directory = SocketPaths.newSocketDirectory();
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

	private IpcServer startServer(IpcAddress address) {
		IpcServer server = IpcServer.builder()
			.address(address)
			.service(ServiceDefinition.of("", new CalcService()))
			.shutdownTimeout(Duration.ZERO)
			.build();
		server.start();
		return server;
	}

	@ParameterizedTest(name = "over {0}")
	@ValueSource(strings = { "unix", "tcp" })
	void serverEntryGoesDownWhenItsServerStopsAndUpWhenItIsBack(String transport) throws IOException {
		IpcAddress address = switch (transport) {
			case "unix" -> IpcAddress.parse("unix:" + this.directory.resolve("calc.sock"));
			case "tcp" -> IpcAddress.parse("tcp://127.0.0.1:" + SocketPaths.freePort());
			default -> throw new IllegalArgumentException(transport);
		};
		this.server = startServer(address);
		this.runner.withPropertyValues("ipc.client.servers.calc.address=" + address).run((context) -> {
			CompositeHealthContributor clients = context.getBean("ipcClientsHealthContributor",
					CompositeHealthContributor.class);
			assertThat(clients.stream().map(HealthContributors.Entry::name)).containsExactly("calc");
			HealthIndicator calc = (HealthIndicator) clients.getContributor("calc");

			await().atMost(WAIT).until(() -> calc.health().getStatus().equals(Status.UP));
			assertThat(context.getBean(CalcClient.class).add(1, 2)).isEqualTo(3);
			Health up = calc.health();
			assertThat(up.getDetails()).containsEntry("address", address.toString())
				.containsEntry("protocol", IpcServer.PROTOCOL_REVISION)
				.containsEntry("features", this.server.features())
				.doesNotContainKeys("lastFailure", "nextAttempt");

			this.server.stop();
			await().atMost(WAIT)
				.until(() -> calc.health().getStatus().equals(Status.DOWN)
						&& calc.health().getDetails().containsKey("lastFailure"));
			Health down = calc.health();
			assertThat(down.getDetails()).containsEntry("address", address.toString()).containsKey("nextAttempt");
			assertThat((String) down.getDetails().get("lastFailure")).isNotBlank();

			this.server = startServer(address);
			await().atMost(WAIT).until(() -> calc.health().getStatus().equals(Status.UP));
			assertThat(calc.health().getDetails()).doesNotContainKeys("lastFailure", "nextAttempt");
			assertThat(context.getBean(CalcClient.class).add(2, 3)).isEqualTo(5);
		});
	}

	@Test
	void lazyServerNotCalledYetIsUnknownNotDown() {
		IpcAddress address = IpcAddress.parse("unix:" + this.directory.resolve("absent.sock"));
		this.runner.withPropertyValues("ipc.client.servers.calc.address=" + address, "ipc.client.lazy=true")
			.run((context) -> {
				CompositeHealthContributor clients = context.getBean("ipcClientsHealthContributor",
						CompositeHealthContributor.class);
				Health calc = ((HealthIndicator) clients.getContributor("calc")).health();
				assertThat(calc.getStatus()).isEqualTo(Status.UNKNOWN);
				assertThat(calc.getDetails()).containsEntry("address", address.toString())
					.containsEntry("features", List.of());
			});
	}

}
