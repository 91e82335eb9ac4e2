package dev.socketipc.transport;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Set;

/**
 * The rules for a Unix domain socket's file: how long its path may be, what may be removed before binding, and its
 * permissions.
 */
public final class UnixSocketFile {

	private static final int S_IFMT = 0170000;

	private static final int S_IFSOCK = 0140000;

	private UnixSocketFile() {
	}

	/**
	 * Returns the longest socket path the JDK binds, in bytes: {@code sun_path} less two, as the JDK's native code
	 * refuses anything longer ("Unix domain path too long") although the kernel would take one byte more.
	 * @return 106 on Linux and Windows, 102 on macOS and the BSDs
	 */
	public static int maxPathBytes() {
		String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
		return (os.contains("linux") || os.contains("windows")) ? 106 : 102;
	}

	/**
	 * Makes the path ready for a server to bind: checks its length, creates missing parent directories, removes a
	 * stale socket left by a crashed server, and refuses anything else.
	 * @param path the socket path
	 * @throws IllegalStateException when the path is too long, a live server answers on it, or it is not a socket
	 * @throws IOException when the file system cannot be read
	 */
	public static void prepareForBind(Path path) throws IOException {
		prepareForBind(path, null);
	}

	/**
	 * Makes the path ready for a server to bind, creating missing parent directories with the given permissions.
	 * @param path the socket path
	 * @param directoryPermissions permissions of directories created for the socket, or {@code null} for the umask's
	 * @throws IllegalStateException when the path is too long, a live server answers on it, or it is not a socket
	 * @throws IOException when the file system cannot be read
	 */
	public static void prepareForBind(Path path, Set<PosixFilePermission> directoryPermissions) throws IOException {
		int bytes = path.toString().getBytes(StandardCharsets.UTF_8).length;
		if (bytes > maxPathBytes()) {
			throw new IllegalStateException("Unix socket path " + path + " is " + bytes
					+ " bytes long, over the platform limit of " + maxPathBytes() + " bytes; choose a shorter path");
		}
		Path parent = path.toAbsolutePath().getParent();
		if (parent != null && !Files.isDirectory(parent)) {
			Files.createDirectories(parent);
			if (directoryPermissions != null) {
				Files.setPosixFilePermissions(parent, directoryPermissions);
			}
		}
		if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
			return;
		}
		if (!isSocket(path)) {
			throw new IllegalStateException("Cannot bind Unix socket " + path
					+ ": the path exists and is not a socket; it was left untouched, remove it or choose another path");
		}
		if (isAnswering(path)) {
			throw new IllegalStateException("Cannot bind Unix socket " + path
					+ ": another server is listening on it; stop that server or choose another path");
		}
		Files.deleteIfExists(path);
	}

	/**
	 * Takes the lock file beside a socket ({@code <socket>.lock}), as PostgreSQL and tmux do, so that of two servers
	 * started on one path at the same moment exactly one proceeds to bind. The operating system releases the lock
	 * when the process dies, so a server killed with {@code kill -9} never blocks the next start. Closing the lock
	 * removes the file, then releases it; a server that opened the old file in that instant may still lock it, but
	 * binding the socket itself stays exclusive, so at worst one of two such servers fails to bind.
	 * @param socket the socket path
	 * @return the held lock; closing it removes the lock file and releases the lock
	 * @throws IllegalStateException when another server holds the lock
	 * @throws IOException when the lock file cannot be opened
	 */
	public static AutoCloseable lock(Path socket) throws IOException {
		return lock(socket, null);
	}

	/**
	 * Takes the lock file beside a socket, as {@link #lock(Path)} does, creating the socket's missing parent
	 * directories first with the given permissions: the lock is taken before {@link #prepareForBind(Path, Set)}, so
	 * it is here that a missing socket directory gets created.
	 * @param socket the socket path
	 * @param directoryPermissions permissions of directories created for the socket, or {@code null} for the umask's
	 * @return the held lock; closing it removes the lock file and releases the lock
	 * @throws IllegalStateException when another server holds the lock
	 * @throws IOException when the lock file cannot be opened
	 */
	public static AutoCloseable lock(Path socket, Set<PosixFilePermission> directoryPermissions) throws IOException {
		Path lockPath = socket.resolveSibling(socket.getFileName() + ".lock");
		Path parent = lockPath.toAbsolutePath().getParent();
		if (parent != null && !Files.isDirectory(parent)) {
			Files.createDirectories(parent);
			if (directoryPermissions != null) {
				Files.setPosixFilePermissions(parent, directoryPermissions);
			}
		}
		FileChannel channel = FileChannel.open(lockPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
		FileLock lock;
		try {
			lock = channel.tryLock();
		}
		catch (OverlappingFileLockException ex) {
			lock = null;
		}
		if (lock == null) {
			channel.close();
			throw new IllegalStateException("Cannot bind Unix socket " + socket + ": another server holds its lock file "
					+ lockPath + " (it is starting or running); stop it or choose another path");
		}
		try {
			Files.setPosixFilePermissions(lockPath, PosixFilePermissions.fromString("rw-------"));
		}
		catch (UnsupportedOperationException ex) {
			// not a POSIX file system: the lock still works
		}
		channel.truncate(0);
		channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
		FileLock held = lock;
		return () -> {
			try {
				Files.deleteIfExists(lockPath);
			}
			finally {
				held.release();
				channel.close();
			}
		};
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
			return ((Integer) mode & S_IFMT) == S_IFSOCK;
		}
		catch (UnsupportedOperationException | IllegalArgumentException ex) {
			return Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class,
					LinkOption.NOFOLLOW_LINKS).isOther();
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
	 * @param permissions the permissions, or {@code null} to leave the process's umask in effect
	 * @throws IOException when they cannot be set
	 */
	public static void applyPermissions(Path path, Set<PosixFilePermission> permissions) throws IOException {
		if (permissions != null) {
			Files.setPosixFilePermissions(path, permissions);
		}
	}

	/**
	 * Parses permissions written as {@code rw-------} or in octal as {@code 600} / {@code 0660}.
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
