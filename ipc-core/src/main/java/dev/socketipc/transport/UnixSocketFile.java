package dev.socketipc.transport;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Set;

/**
 * The rules for a Unix domain socket's file: how long its path may be, what may be
 * removed before binding, and its permissions.
 */
public final class UnixSocketFile {

	private UnixSocketFile() {
	}

	/**
	 * Returns the longest socket path the JDK binds, in bytes: {@code sun_path} less two,
	 * as the JDK's native code refuses anything longer ("Unix domain path too long")
	 * although the kernel would take one byte more.
	 * @return 106 on Linux and Windows, 102 on macOS and the BSDs
	 */
	public static int maxPathBytes() {
		String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
		return (os.contains("linux") || os.contains("windows")) ? 106 : 102;
	}

	/**
	 * Checks that the JDK can bind a socket at the path.
	 * @param path the socket path
	 * @throws IpcBindException when the path is longer than {@link #maxPathBytes()}
	 */
	public static void checkLength(Path path) {
		int bytes = length(path);
		if (bytes > maxPathBytes()) {
			throw new IpcBindException(IpcBindException.Reason.PATH_TOO_LONG, path.toString(),
					"Unix socket path " + path + " is " + bytes + " bytes long, over the platform limit of "
							+ maxPathBytes() + " bytes; choose a shorter path",
					null);
		}
	}

	static int length(Path path) {
		return path.toString().getBytes(StandardCharsets.UTF_8).length;
	}

	/**
	 * Makes the path ready for a server to bind: checks its length, creates missing
	 * parent directories, removes a stale socket left by a crashed server, and refuses
	 * anything else.
	 * @param path the socket path
	 * @throws IpcBindException when the path is too long, a live server answers on it, or
	 * it is not a socket
	 * @throws IOException when the file system cannot be read
	 */
	public static void prepareForBind(Path path) throws IOException {
		prepareForBind(path, null);
	}

	/**
	 * Makes the path ready for a server to bind, creating missing parent directories with
	 * the given permissions.
	 * @param path the socket path
	 * @param directoryPermissions permissions of directories created for the socket, or
	 * {@code null} for the umask's
	 * @throws IpcBindException when the path is too long, a live server answers on it, or
	 * it is not a socket
	 * @throws IOException when the file system cannot be read
	 */
	public static void prepareForBind(Path path, Set<PosixFilePermission> directoryPermissions) throws IOException {
		checkLength(path);
		createParent(path, directoryPermissions);
		if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
			return;
		}
		if (!isSocket(path)) {
			throw new IpcBindException(IpcBindException.Reason.UNSAFE_FILE, path.toString(),
					"Cannot bind Unix socket " + path
							+ ": the path exists and is not a socket; it was left untouched, remove it or choose "
							+ "another path",
					null);
		}
		if (isAnswering(path)) {
			throw new IpcBindException(IpcBindException.Reason.LIVE_SOCKET, path.toString(), "Cannot bind Unix socket "
					+ path + ": another server is listening on it; stop that server or choose another path", null);
		}
		Files.deleteIfExists(path);
	}

	/**
	 * Takes the lock file beside a socket ({@code <socket>.lock}), as PostgreSQL and tmux
	 * do, so that of two servers started on one path at the same moment exactly one
	 * proceeds to bind. The operating system releases the lock when the process dies, so
	 * a server killed with {@code kill -9} never blocks the next start. Closing the lock
	 * removes the file, then releases it; a server that opened the old file in that
	 * instant may still lock it, but binding the socket itself stays exclusive, so at
	 * worst one of two such servers fails to bind.
	 *
	 * <p>
	 * The lock file is never opened through a symbolic link: a new one is created
	 * exclusively and owner-only, and an existing one is used only when it is a regular
	 * file with a single link owned by this process's user.
	 * @param socket the socket path
	 * @return the held lock; closing it removes the lock file and releases the lock
	 * @throws IpcBindException when another server holds the lock, or the lock file's
	 * path holds anything else than a regular file owned by this process's user (a link
	 * planted by another user, say)
	 * @throws IOException when the lock file cannot be opened
	 */
	public static AutoCloseable lock(Path socket) throws IOException {
		return lock(socket, null);
	}

	/**
	 * Takes the lock file beside a socket, as {@link #lock(Path)} does, creating the
	 * socket's missing parent directories first with the given permissions: the lock is
	 * taken before {@link #prepareForBind(Path, Set)}, so it is here that a missing
	 * socket directory gets created.
	 * @param socket the socket path
	 * @param directoryPermissions permissions of directories created for the socket, or
	 * {@code null} for the umask's
	 * @return the held lock; closing it removes the lock file and releases the lock
	 * @throws IpcBindException when another server holds the lock or the lock file is not
	 * a safe one
	 * @throws IOException when the lock file cannot be opened
	 */
	public static AutoCloseable lock(Path socket, Set<PosixFilePermission> directoryPermissions) throws IOException {
		createParent(socket, directoryPermissions);
		return SocketLock.acquire(socket);
	}

	private static void createParent(Path socket, Set<PosixFilePermission> directoryPermissions) throws IOException {
		Path parent = socket.toAbsolutePath().getParent();
		if (parent != null && !Files.isDirectory(parent)) {
			Files.createDirectories(parent);
			if (directoryPermissions != null) {
				Files.setPosixFilePermissions(parent, directoryPermissions);
			}
		}
	}

	/**
	 * Tells whether the path is a socket file (not following symbolic links).
	 * @param path the path to look at
	 * @return {@code true} for a socket
	 * @throws IOException when the file's attributes cannot be read
	 */
	public static boolean isSocket(Path path) throws IOException {
		if (Files.isSymbolicLink(path)) {
			return false;
		}
		try {
			Object mode = Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
			return ((Integer) mode & UnixFiles.S_IFMT) == UnixFiles.S_IFSOCK;
		}
		catch (UnsupportedOperationException | IllegalArgumentException ex) {
			return Files
				.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
				.isOther();
		}
	}

	private static boolean isAnswering(Path path) {
		try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
			channel.connect(UnixDomainSocketAddress.of(path));
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Sets the socket file's permissions.
	 * @param path the socket file
	 * @param permissions the permissions, or {@code null} to leave the process's umask in
	 * effect
	 * @throws IOException when they cannot be set
	 */
	public static void applyPermissions(Path path, Set<PosixFilePermission> permissions) throws IOException {
		if (permissions != null) {
			Files.setPosixFilePermissions(path, permissions);
		}
	}

	/**
	 * Parses permissions written as {@code rw-------} or in octal as {@code 600} /
	 * {@code 0660}.
	 * @param text the permissions
	 * @return the permission set
	 * @throws IllegalArgumentException when the text is neither form
	 */
	public static Set<PosixFilePermission> parsePermissions(String text) {
		String value = text.trim();
		if (value.matches("0?[0-7]{3}")) {
			int bits = Integer.parseInt(value, 8);
			StringBuilder symbolic = new StringBuilder(9);
			String letters = "rwxrwxrwx";
			for (int i = 0; i < 9; i++) {
				symbolic.append(((bits >> (8 - i)) & 1) != 0 ? letters.charAt(i) : '-');
			}
			value = symbolic.toString();
		}
		try {
			return PosixFilePermissions.fromString(value);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(
					"'" + text + "' is not a permission set; use the form rw------- or an octal mode such as 600");
		}
	}

}
