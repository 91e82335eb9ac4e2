package dev.socketipc.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import dev.socketipc.server.ErrorDetails;
import dev.socketipc.server.IpcServer;
import dev.socketipc.server.ServiceDefinition;
import dev.socketipc.transport.IpcAddress;

/**
 * What the client tests share: short socket directories under {@code /tmp}, free TCP ports, a fast reconnect
 * backoff and real servers that stop at once.
 */
final class ClientTestSockets {

	/** Reconnects quickly, so that tests waiting for a reconnection do not wait long. */
	static final ReconnectBackoff FAST_BACKOFF = new ReconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(200),
			2.0, 0.2);

	private ClientTestSockets() {
	}

	/** The two transports a client connects over. */
	enum Transport {

		UNIX, TCP;

		/**
		 * Returns an address to bind in the given directory: a socket file for Unix, any free loopback port for TCP.
		 */
		IpcAddress bindAddress(Path directory) {
			return (this == UNIX) ? unixAddress(directory, "server.sock") : new IpcAddress.Tcp("127.0.0.1", 0);
		}

		/**
		 * Returns an address nobody listens on yet, that a server may bind later.
		 */
		IpcAddress unusedAddress(Path directory) throws IOException {
			return (this == UNIX) ? unixAddress(directory, "later.sock") : new IpcAddress.Tcp("127.0.0.1", freePort());
		}

	}

	/** Creates a directory whose socket paths stay far below the 108-byte limit. */
	static Path newSocketDirectory() throws IOException {
		return Files.createTempDirectory(Path.of("/tmp"), "ipc");
	}

	static IpcAddress.Unix unixAddress(Path directory, String name) {
		Path path = directory.resolve(name);
		if (path.toString().getBytes(StandardCharsets.UTF_8).length >= 100) {
			throw new IllegalStateException("socket path too long for a Unix socket: " + path);
		}
		return new IpcAddress.Unix(path);
	}

	/** Returns a loopback port that was free a moment ago. */
	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	/**
	 * Starts a real server exposing the service's public methods under bare names; it stops without waiting, and
	 * sends every exception's message (as the seed does), so that tests see the server's text reach the caller.
	 */
	static IpcServer startServer(IpcAddress address, Object service) {
		IpcServer server = IpcServer.builder()
			.address(address)
			.service(ServiceDefinition.of("", service))
			.shutdownTimeout(Duration.ZERO)
			.errorDetails(ErrorDetails.MESSAGE)
			.build();
		server.start();
		return server;
	}

	/** Builds a connection with the fast backoff; it connects on the first call. */
	static IpcConnection connection(IpcAddress address) {
		return IpcConnection.builder(address).reconnectBackoff(FAST_BACKOFF).build();
	}

	static void deleteRecursively(Path directory) throws IOException {
		if (directory == null || !Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
	}

}
