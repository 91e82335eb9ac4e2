package dev.socketipc.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.socketipc.server.IpcServer;
import dev.socketipc.testsupport.SocketPaths;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every request is flushed, however the writes of callers interleave with the flushes of
 * earlier ones: the seed demo's pattern (an async call immediately followed by a sync
 * call) must never leave the second request unsent.
 */
class ClientFlushTest {

	private Path dir;

	private IpcServer server;

	private IpcConnection connection;

	@BeforeEach
	void start() throws Exception {
		this.dir = SocketPaths.newSocketDirectory();
		this.server = ClientTestSockets.startServer(ClientTestSockets.unixAddress(this.dir, "f.sock"), new Adder());
		this.connection = ClientTestSockets.connection(this.server.address());
	}

	@AfterEach
	void stop() throws Exception {
		this.connection.close();
		this.server.stop();
		SocketPaths.deleteRecursively(this.dir);
	}

	@Test
	void asyncCallFollowedAtOnceBySyncCallIsAlwaysSent() throws Exception {
		ClientOptions options = new ClientOptions("", Duration.ofSeconds(5), Map.of());
		Calculator calculator = IpcClientFactory.create(Calculator.class, this.connection, options);
		AsyncCalculator async = IpcClientFactory.create(AsyncCalculator.class, this.connection, options);
		for (int i = 0; i < 2000; i++) {
			CompletableFuture<Integer> first = async.add(i, 1);
			assertThat(calculator.add(i, 2)).isEqualTo(i + 2);
			assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(i + 1);
		}
		assertThat(this.connection.pendingCalls()).isZero();
	}

	interface Calculator {

		int add(int a, int b);

	}

	interface AsyncCalculator {

		CompletableFuture<Integer> add(int a, int b);

	}

	public static class Adder {

		public int add(int a, int b) {
			return a + b;
		}

	}

}
