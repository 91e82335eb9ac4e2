package dev.socketipc.autoconfigure.actuate;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.socketipc.autoconfigure.IpcServerAutoConfiguration;
import dev.socketipc.autoconfigure.IpcService;
import dev.socketipc.server.IpcServer;
import dev.socketipc.testsupport.LineClient;
import dev.socketipc.testsupport.SocketPaths;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code ipcServer} health indicator follows the server across a graceful stop with a
 * call in flight: {@code UP}, {@code OUT_OF_SERVICE} while the call drains, {@code DOWN}
 * once stopped; over a Unix socket and TCP.
 */
@Timeout(60)
class IpcServerHealthIndicatorTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private Path directory;

	@BeforeEach
	void createDirectory() throws IOException {
		this.directory = SocketPaths.newSocketDirectory();
	}

	@AfterEach
	void deleteDirectory() throws IOException {
		SocketPaths.deleteRecursively(this.directory);
	}

	private ApplicationContextRunner runner(String transport) {
		String address = switch (transport) {
			case "unix" -> "unix:" + this.directory.resolve("health.sock");
			case "tcp" -> "tcp://127.0.0.1:0";
			default -> throw new IllegalArgumentException(transport);
		};
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, IpcServerAutoConfiguration.class,
					IpcHealthContributorAutoConfiguration.class))
			.withUserConfiguration(SlowServiceConfiguration.class)
			.withPropertyValues("ipc.server.address=" + address, "ipc.server.shutdown-timeout=30s");
	}

	@ParameterizedTest(name = "over {0}")
	@ValueSource(strings = { "unix", "tcp" })
	void upWhileServingOutOfServiceWhileDrainingDownWhenStopped(String transport) {
		runner(transport).run((context) -> {
			IpcServer server = context.getBean(IpcServer.class);
			SlowService service = context.getBean(SlowService.class);
			HealthIndicator indicator = context.getBean("ipcServerHealthIndicator", HealthIndicator.class);

			Health serving = indicator.health();
			assertThat(serving.getStatus()).isEqualTo(Status.UP);
			assertThat(serving.getDetails()).containsEntry("address", server.address().toString())
				.containsEntry("methods", List.of("slow"))
				.containsEntry("callsInFlight", 0);

			try (LineClient client = LineClient.connectAndSkipRegister(server.address().socketAddress())) {
				client.call(1, "slow");
				assertThat(service.entered.await(10, TimeUnit.SECONDS)).isTrue();
				Health busy = indicator.health();
				assertThat(busy.getStatus()).isEqualTo(Status.UP);
				assertThat(busy.getDetails()).containsEntry("connections", 1).containsEntry("callsInFlight", 1);

				CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::stop);
				await().atMost(WAIT).until(() -> indicator.health().getStatus().equals(Status.OUT_OF_SERVICE));
				assertThat(indicator.health().getDetails()).containsEntry("callsInFlight", 1);
				assertThat(stopping).isNotDone();

				service.release.countDown();
				stopping.get(10, TimeUnit.SECONDS);
				assertThat(client.readLine()).contains("\"success\":true");
			}
			Health stopped = indicator.health();
			assertThat(stopped.getStatus()).isEqualTo(Status.DOWN);
			assertThat(stopped.getDetails()).containsEntry("connections", 0).containsEntry("callsInFlight", 0);
		});
	}

	@IpcService
	static class SlowService {

		final CountDownLatch entered = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		public String slow() throws InterruptedException {
			this.entered.countDown();
			if (!this.release.await(30, TimeUnit.SECONDS)) {
				throw new IllegalStateException("never released");
			}
			return "finished";
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SlowServiceConfiguration {

		@Bean
		SlowService slowService() {
			return new SlowService();
		}

	}

}
