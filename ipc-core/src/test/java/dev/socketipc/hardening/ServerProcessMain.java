package dev.socketipc.hardening;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import dev.socketipc.server.IpcServer;
import dev.socketipc.server.ServiceDefinition;
import dev.socketipc.transport.IpcAddress;

/**
 * The main class of a server run in a child JVM by {@link ServerProcess}, so that a test
 * can kill it with {@code SIGKILL}. Prints {@code READY <address>} once listening; exits
 * when its standard input closes, which happens when the test JVM goes away, so that no
 * child outlives the build.
 */
final class ServerProcessMain {

	static final String READY = "READY ";

	private ServerProcessMain() {
	}

	public static void main(String[] args) throws IOException {
		IpcServer server = IpcServer.builder()
			.address(IpcAddress.parse(args[0]))
			.service(ServiceDefinition.of("", new ChildService()))
			.shutdownTimeout(Duration.ZERO)
			.build();
		server.start();
		System.out.println(READY + server.address());
		System.out.flush();
		while (System.in.read() != -1) {
			// wait for the parent to go away
		}
		server.stop();
		System.exit(0);
	}

	/** What the child serves. */
	static final class ChildService {

		public int add(int a, int b) {
			return a + b;
		}

		/** Never answers. */
		public CompletableFuture<Integer> hold() {
			return new CompletableFuture<>();
		}

	}

}
