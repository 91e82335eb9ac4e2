package dev.socketipc.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where tests put their sockets: short directories under {@code /tmp} (far below the
 * 108-byte Unix socket path limit), socket file paths checked against that limit, free
 * loopback ports, and the clean-up afterwards.
 *
 * <p>
 * Stateless and thread-safe.
 */
public final class SocketPaths {

	/**
	 * Longest socket path accepted here, in bytes: well under the platform limit (108 on
	 * Linux, 104 on macOS).
	 */
	private static final int MAX_PATH_BYTES = 99;

	private SocketPaths() {
	}

	/**
	 * Creates a fresh directory under {@code /tmp}, whose socket paths stay far below the
	 * platform's limit.
	 * @return the new directory; delete it with {@link #deleteRecursively(Path)}
	 * @throws IOException when it cannot be created
	 */
	public static Path newSocketDirectory() throws IOException {
		return Files.createTempDirectory(Path.of("/tmp"), "ipc");
	}

	/**
	 * Returns the path of a socket file in a directory.
	 * @param directory the directory, usually from {@link #newSocketDirectory()}
	 * @param name the file name
	 * @return the path
	 * @throws IllegalStateException when the path is too long for a Unix socket
	 */
	public static Path socketFile(Path directory, String name) {
		Path path = directory.resolve(name);
		if (path.toString().getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
			throw new IllegalStateException("socket path too long for a Unix socket: " + path);
		}
		return path;
	}

	/**
	 * Returns a loopback TCP port that was free a moment ago.
	 * @return the port
	 * @throws IOException when no port can be bound
	 */
	public static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	/**
	 * Deletes a directory and everything in it; does nothing when it is {@code null} or
	 * already gone.
	 * @param directory the directory, or {@code null}
	 * @throws IOException when something in it cannot be deleted
	 */
	public static void deleteRecursively(Path directory) throws IOException {
		if (directory == null || !Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
	}

	/**
	 * Counts this process's open file descriptors (Linux: {@code /proc/self/fd}).
	 * @return the count
	 * @throws IOException when {@code /proc/self/fd} cannot be listed
	 */
	public static long openFileDescriptors() throws IOException {
		try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
			return fds.count();
		}
	}

}
