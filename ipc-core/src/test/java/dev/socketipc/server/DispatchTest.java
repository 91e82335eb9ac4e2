package dev.socketipc.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.socketipc.annotation.IpcMethod;
import dev.socketipc.annotation.IpcMethod.Dispatch;
import dev.socketipc.testsupport.LineClient;
import dev.socketipc.testsupport.SocketPaths;
import dev.socketipc.transport.IpcAddress;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where service methods run: on the executor unless they cannot block, which run on the
 * I/O thread.
 */
class DispatchTest {

	private final ExecutorService executor = Executors.newCachedThreadPool(new DefaultThreadFactory("test-exec"));

	private final ExecutorService elsewhere = Executors.newSingleThreadExecutor(new DefaultThreadFactory("elsewhere"));

	private Path dir;

	private IpcServer server;

	@BeforeEach
	void start() throws Exception {
		this.dir = SocketPaths.newSocketDirectory();
		this.server = IpcServer.builder()
			.address(new IpcAddress.Unix(this.dir.resolve("d.sock")))
			.executor(this.executor)
			.service(ServiceDefinition.of("", new Threads(this.elsewhere)))
			.build();
		this.server.start();
	}

	@AfterEach
	void stop() throws Exception {
		this.server.stop();
		this.executor.shutdownNow();
		this.elsewhere.shutdownNow();
		Files.deleteIfExists(this.dir);
	}

	@Test
	void plainMethodRunsOnTheExecutor() throws Exception {
		assertThat(callThreadName("plain")).startsWith("test-exec");
	}

	@Test
	void completionStageMethodRunsOnTheIoThread() throws Exception {
		assertThat(callThreadName("future")).startsWith("ipc-server");
	}

	@Test
	void directMethodRunsOnTheIoThread() throws Exception {
		assertThat(callThreadName("direct")).startsWith("ipc-server");
	}

	@Test
	void executorDispatchOverridesTheCompletionStageDefault() throws Exception {
		assertThat(callThreadName("futureOnExecutor")).startsWith("test-exec");
	}

	@Test
	void directAnswersCompletedOnAnotherThreadAreFlushed() throws Exception {
		try (LineClient client = LineClient.connectAndSkipRegister(this.server.address().socketAddress())) {
			client.call(1, "later");
			JsonNode answer = JsonMapper.shared().readTree(client.readLine());
			assertThat(answer.get("rid").intValue()).isEqualTo(1);
			assertThat(answer.get("data").stringValue()).startsWith("elsewhere");
		}
	}

	private String callThreadName(String method) throws Exception {
		try (LineClient client = LineClient.connectAndSkipRegister(this.server.address().socketAddress())) {
			client.call(7, method);
			JsonNode answer = JsonMapper.shared().readTree(client.readLine());
			assertThat(answer.get("success").booleanValue()).as(answer.toString()).isTrue();
			return answer.get("data").stringValue();
		}
	}

	public static class Threads {

		private final ExecutorService elsewhere;

		Threads(ExecutorService elsewhere) {
			this.elsewhere = elsewhere;
		}

		public String plain() {
			return Thread.currentThread().getName();
		}

		public CompletionStage<String> future() {
			return CompletableFuture.completedFuture(Thread.currentThread().getName());
		}

		@IpcMethod(dispatch = Dispatch.DIRECT)
		public String direct() {
			return Thread.currentThread().getName();
		}

		@IpcMethod(dispatch = Dispatch.EXECUTOR)
		public CompletableFuture<String> futureOnExecutor() {
			return CompletableFuture.completedFuture(Thread.currentThread().getName());
		}

		public CompletableFuture<String> later() {
			return CompletableFuture.supplyAsync(() -> Thread.currentThread().getName(), this.elsewhere);
		}

	}

}
