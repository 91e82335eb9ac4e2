package dev.socketipc.transport;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * The directory of default socket addresses, one that only this process's user can write,
 * so that no other user can take a socket's path first or hold its lock file:
 * {@code $XDG_RUNTIME_DIR} when it is set (an absolute path), else
 * {@code <java.io.tmpdir>/socket-ipc-<uid>}, as tmux uses {@code /tmp/tmux-<uid>}. The
 * directory is created owner-only ({@code rwx------}) when missing, and refused when it
 * is not a directory of its own (a symbolic link, say), belongs to another user or is
 * open to others.
 *
 * <p>
 * A server named {@code orders} listens by default on {@code <directory>/orders.sock},
 * and a client of the server named {@code orders} connects there by default, so that the
 * two meet without configuration when they run as the same user.
 */
public final class SocketDirectory {

	/**
	 * The variable naming the user's runtime directory (XDG Base Directory
	 * Specification).
	 */
	public static final String RUNTIME_DIR_VARIABLE = "XDG_RUNTIME_DIR";

	private SocketDirectory() {
	}

	/**
	 * Returns the default socket address of a server:
	 * {@code unix:<directory>/<name>.sock}, its directory created when missing and
	 * checked.
	 * @param name the server's name
	 * @return the address
	 * @throws IpcBindException when the directory belongs to another user or is open to
	 * others
	 * @throws IllegalStateException when the directory cannot be created
	 */
	public static IpcAddress.Unix defaultAddress(String name) {
		return new IpcAddress.Unix(ensurePrivate(directory()).resolve(name + ".sock"));
	}

	/**
	 * Returns the default socket address of a server without creating or checking its
	 * directory: to compare an address with it, or to name it when a server listens
	 * elsewhere (in-process in tests).
	 * @param name the server's name
	 * @return the address
	 */
	public static IpcAddress.Unix defaultPath(String name) {
		return new IpcAddress.Unix(directory().resolve(name + ".sock"));
	}

	private static Path directory() {
		return resolve(System.getenv(RUNTIME_DIR_VARIABLE), Path.of(System.getProperty("java.io.tmpdir")),
				UnixFiles.supported() ? UnixFiles.currentUid() : -1);
	}

	/**
	 * Picks the directory, without touching the file system.
	 * @param runtimeDir the value of {@code XDG_RUNTIME_DIR}, may be {@code null};
	 * ignored unless absolute
	 * @param tmpDir the temporary directory
	 * @param uid the user's id
	 * @return the directory
	 */
	static Path resolve(String runtimeDir, Path tmpDir, long uid) {
		if (runtimeDir != null && !runtimeDir.isBlank() && Path.of(runtimeDir).isAbsolute()) {
			return Path.of(runtimeDir);
		}
		return tmpDir.toAbsolutePath().resolve("socket-ipc-" + ((uid >= 0) ? Long.toString(uid) : "user"));
	}

	/**
	 * Creates the directory owner-only when missing, and checks that it is a directory
	 * owned by this process's user that no one else may enter or write.
	 * @param directory the directory
	 * @return the directory
	 * @throws IpcBindException when it is not a directory, belongs to another user or is
	 * open to others
	 */
	static Path ensurePrivate(Path directory) {
		try {
			if (!UnixFiles.supported()) {
				Files.createDirectories(directory);
				return directory;
			}
			try {
				Files.createDirectory(directory,
						PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
			}
			catch (FileAlreadyExistsException ex) {
				// checked below, as one created now is
			}
			check(directory, UnixFiles.attributes(directory));
			return directory;
		}
		catch (IOException ex) {
			throw new IpcBindException(IpcBindException.Reason.PERMISSION_DENIED, directory.toString(),
					"Cannot create the socket directory " + directory + ": " + ex, ex);
		}
	}

	private static void check(Path directory, Map<String, Object> attributes) {
		int mode = UnixFiles.mode(attributes);
		if ((mode & UnixFiles.S_IFMT) != UnixFiles.S_IFDIR) {
			throw unsafe(directory, "is " + UnixFiles.describeType(mode) + ", not a directory");
		}
		long uid = UnixFiles.uid(attributes);
		if (uid != UnixFiles.currentUid()) {
			throw unsafe(directory,
					"is owned by uid " + uid + ", not by uid " + UnixFiles.currentUid() + " that this process runs as");
		}
		if ((mode & UnixFiles.GROUP_AND_OTHER) != 0) {
			throw unsafe(directory, "is open to others (" + UnixFiles.permissions(mode) + "); it must be rwx------");
		}
	}

	private static IpcBindException unsafe(Path directory, String problem) {
		return new IpcBindException(IpcBindException.Reason.UNSAFE_DIRECTORY, directory.toString(),
				"Refusing the socket directory " + directory + ": it " + problem
						+ "; another user could take or watch the sockets in it",
				null);
	}

}
