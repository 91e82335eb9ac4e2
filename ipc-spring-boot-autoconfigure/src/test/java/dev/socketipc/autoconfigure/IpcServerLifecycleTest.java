package dev.socketipc.autoconfigure;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.socketipc.server.IpcServer;
import dev.socketipc.testsupport.LineClient;
import dev.socketipc.testsupport.SocketPaths;
import dev.socketipc.transport.UnixSocketFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link IpcServerLifecycle}: the server lives and dies with the application
 * context, and a graceful shutdown lets running calls finish, Spring's task executor
 * included.
 */
class IpcServerLifecycleTest {

	private Path directory;

	private Path socket;

	private ApplicationContextRunner contextRunner;

	@BeforeEach
	void prepareSocketPath() throws IOException {
		this.directory = SocketPaths.newSocketDirectory();
		this.socket = this.directory.resolve("s.sock");
		this.contextRunner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(IpcServerAutoConfiguration.class, JacksonAutoConfiguration.class,
					TaskExecutionAutoConfiguration.class))
			.withUserConfiguration(SlowServiceConfiguration.class)
			.withPropertyValues("ipc.server.address=unix:" + this.socket);
	}

	@AfterEach
	void deleteDirectory() throws IOException {
		SocketPaths.deleteRecursively(this.directory);
	}

	@Test
	void closingTheContextStopsTheServerAndRemovesTheSocketFile() {
		this.contextRunner.run((context) -> {
			IpcServer server = context.getBean(IpcServer.class);
			IpcServerLifecycle lifecycle = context.getBean(IpcServerLifecycle.class);
			assertThat(lifecycle.isRunning()).isTrue();
			assertThat(UnixSocketFile.isSocket(this.socket)).isTrue();
			try (LineClient client = LineClient.connect(server.address().socketAddress())) {
				assertThat(JsonMapper.shared().readTree(client.readLine()).get("action").asString())
					.isEqualTo("register");
				context.close();
				assertThat(lifecycle.isRunning()).isFalse();
				assertThat(server.isRunning()).isFalse();
				assertThat(this.socket).doesNotExist();
				assertThat(LineClient.accepts(server.address().socketAddress())).isFalse();
				client.awaitEndOfStream();
			}
		});
	}

	@Test
	void boundAddressIsPublishedWhileTheServerRuns() {
		this.contextRunner.run((context) -> {
			IpcServerLifecycle lifecycle = context.getBean(IpcServerLifecycle.class);
			assertThat(context.getEnvironment().getProperty(IpcServerLifecycle.LOCAL_ADDRESS_PROPERTY))
				.isEqualTo("unix:" + this.socket);
			lifecycle.stop();
			assertThat(context.getEnvironment().containsProperty(IpcServerLifecycle.LOCAL_ADDRESS_PROPERTY)).isFalse();
			lifecycle.start();
			assertThat(context.getEnvironment().getProperty(IpcServerLifecycle.LOCAL_ADDRESS_PROPERTY))
				.isEqualTo("unix:" + this.socket);
		});
	}

	@Test
	void serverStopsBeforeTheApplicationTaskExecutor() {
		this.contextRunner.run((context) -> {
			IpcServerLifecycle lifecycle = context.getBean(IpcServerLifecycle.class);
			SmartLifecycle taskExecutor = context
				.getBean(TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME, SmartLifecycle.class);
			assertThat(lifecycle.isAutoStartup()).isTrue();
			assertThat(lifecycle.getPhase()).isEqualTo(IpcServerLifecycle.PHASE).isGreaterThan(taskExecutor.getPhase());
		});
	}

	@Test
	void callInFlightWhenTheContextClosesStillSucceeds() {
		this.contextRunner.run((context) -> {
			IpcServer server = context.getBean(IpcServer.class);
			SlowService service = context.getBean(SlowService.class);
			try (LineClient client = LineClient.connectAndSkipRegister(server.address().socketAddress())) {
				client.call(1, "slow");
				assertThat(service.entered.await(10, TimeUnit.SECONDS)).isTrue();
				CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
				// the server no longer accepts connections: it is stopping, waiting for
				// the call
				await().atMost(Duration.ofSeconds(10))
					.until(() -> !LineClient.accepts(server.address().socketAddress()));
				assertThat(closing).isNotDone();
				service.release.countDown();
				JsonNode answer = JsonMapper.shared().readTree(client.readLine());
				assertThat(answer.get("success").asBoolean()).as("answer %s", answer).isTrue();
				assertThat(answer.get("data").asString()).isEqualTo("finished");
				closing.get(10, TimeUnit.SECONDS);
				assertThat(server.isRunning()).isFalse();
				assertThat(this.socket).doesNotExist();
			}
		});
	}

	@Test
	void callsAreStillServedOnTheTaskExecutorWhileAnEarlierPhaseStops() {
		this.contextRunner.withUserConfiguration(EarlierPhaseConfiguration.class).run((context) -> {
			IpcServer server = context.getBean(IpcServer.class);
			BlockingLifecycle earlierPhase = context.getBean(BlockingLifecycle.class);
			try (LineClient client = LineClient.connectAndSkipRegister(server.address().socketAddress())) {
				CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
				// the context is closing (ContextClosedEvent published), a phase stopped
				// before ours is running
				assertThat(earlierPhase.stopping.await(10, TimeUnit.SECONDS)).isTrue();
				client.call(1, "threadName");
				JsonNode answer = JsonMapper.shared().readTree(client.readLine());
				assertThat(answer.get("success").asBoolean()).as("answer %s", answer).isTrue();
				assertThat(answer.get("data").asString()).startsWith("task-");
				earlierPhase.release.countDown();
				closing.get(10, TimeUnit.SECONDS);
				assertThat(server.isRunning()).isFalse();
			}
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

	/**
	 * Stands for a component stopped before the IPC server, such as a web server shutting
	 * down gracefully.
	 */
	static class BlockingLifecycle implements SmartLifecycle {

		final CountDownLatch stopping = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		private volatile boolean running;

		@Override
		public void start() {
			this.running = true;
		}

		@Override
		public void stop() {
			this.stopping.countDown();
			try {
				this.release.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.running = false;
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

		@Override
		public int getPhase() {
			return IpcServerLifecycle.PHASE + 1024;
		}

	}

	@IpcService
	static class ThreadNameService {

		public String threadName() {
			return Thread.currentThread().getName();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class EarlierPhaseConfiguration {

		@Bean
		BlockingLifecycle blockingLifecycle() {
			return new BlockingLifecycle();
		}

		@Bean
		ThreadNameService threadNameService() {
			return new ThreadNameService();
		}

	}

}
