package dev.socketipc.hardening;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import dev.socketipc.client.ReconnectBackoff;
import dev.socketipc.transport.IpcAddress;

/**
 * What the hardening tests share: the two transports, short socket directories under {@code /tmp}, free TCP ports
 * and a fast reconnect backoff.
 */
final class TestSockets {

	/** How long a test waits for something that should happen promptly; a bound against hangs, not a timing. */
	static final Duration WAIT = Duration.ofSeconds(10);

	/** Reconnects quickly, so that tests waiting for a reconnection do not wait long. */
	static final ReconnectBackoff FAST_BACKOFF = new ReconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(200),
			2.0, 0.2);

	private TestSockets() {
	}

	/** The two transports every check runs over. */
	enum Transport {

		UNIX, TCP;

		/** Returns an address to bind in the directory: a socket file for Unix, any free loopback port for TCP. */
		IpcAddress bindAddress(Path directory) {
			return (this == UNIX) ? unixAddress(directory, "s.sock") : new IpcAddress.Tcp("127.0.0.1", 0);
		}

	}

	/** Creates a directory whose socket paths stay far below the platform's limit. */
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

	/** Counts this process's open file descriptors. */
	static long openFileDescriptors() throws IOException {
		try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
			return fds.count();
		}
	}

}
