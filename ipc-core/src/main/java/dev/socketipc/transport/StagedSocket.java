package dev.socketipc.transport;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;

/**
 * Where a server binds its Unix socket before anyone may reach it: a fresh owner-only
 * directory beside the socket's path. The socket is bound there with whatever mode the
 * umask gives, takes its final permissions while only its owner can reach it, then is
 * renamed into place; a rename is atomic, so no other user can connect at any moment,
 * whatever the umask.
 *
 * <p>
 * The directory's name is one dot and six random characters, and the socket in it is
 * named {@code s}, so the staged path is at most a few bytes longer than the final one.
 */
public final class StagedSocket implements AutoCloseable {

	private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

	private static final SecureRandom random = new SecureRandom();

	private static final int ATTEMPTS = 10;

	private final Path target;

	private final Path directory;

	private final Path bindPath;

	private StagedSocket(Path target, Path directory) {
		this.target = target;
		this.directory = directory;
		this.bindPath = directory.resolve("s");
	}

	/**
	 * Creates the private directory beside the socket's path.
	 * @param socket the socket's final path; its parent directory must exist
	 * @return the staging place
	 * @throws IpcBindException when the staged path would be longer than the platform
	 * allows
	 * @throws IOException when the directory cannot be created
	 */
	public static StagedSocket create(Path socket) throws IOException {
		Path parent = socket.toAbsolutePath().getParent();
		for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
			Path directory = parent.resolve(randomName());
			if (attempt == 0) {
				checkLength(socket, directory.resolve("s"));
			}
			try {
				if (UnixFiles.supported()) {
					Files.createDirectory(directory,
							PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
				}
				else {
					Files.createDirectory(directory);
				}
				return new StagedSocket(socket, directory);
			}
			catch (FileAlreadyExistsException ex) {
				// taken, by chance or by someone else: try another name
			}
		}
		throw new IOException("Could not create a private directory beside " + socket + " to bind the socket in");
	}

	private static void checkLength(Path socket, Path staged) {
		int bytes = UnixSocketFile.length(staged);
		if (bytes > UnixSocketFile.maxPathBytes()) {
			throw new IpcBindException(IpcBindException.Reason.PATH_TOO_LONG, socket.toString(),
					"Unix socket path " + socket + " is too long: the server binds it first at " + staged + " (" + bytes
							+ " bytes), over the platform limit of " + UnixSocketFile.maxPathBytes()
							+ " bytes; choose a shorter path",
					null);
		}
	}

	private static String randomName() {
		StringBuilder name = new StringBuilder(".");
		for (int i = 0; i < 6; i++) {
			name.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
		}
		return name.toString();
	}

	/**
	 * Returns the path to bind, inside the private directory.
	 * @return the staged socket path
	 */
	public Path bindPath() {
		return this.bindPath;
	}

	/**
	 * Gives the bound socket its permissions, then renames it to its final path and
	 * removes the private directory.
	 * @param permissions the socket's permissions, or {@code null} to keep what the umask
	 * gave
	 * @throws IOException when the permissions cannot be set or the socket cannot be
	 * moved
	 */
	public void publish(Set<PosixFilePermission> permissions) throws IOException {
		UnixSocketFile.applyPermissions(this.bindPath, permissions);
		Files.move(this.bindPath, this.target, StandardCopyOption.ATOMIC_MOVE);
		Files.deleteIfExists(this.directory);
	}

	/**
	 * Removes what is left of the private directory: the staged socket when it was never
	 * published.
	 */
	@Override
	public void close() throws IOException {
		Files.deleteIfExists(this.bindPath);
		Files.deleteIfExists(this.directory);
	}

}
