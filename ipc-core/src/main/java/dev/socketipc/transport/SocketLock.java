package dev.socketipc.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Map;

/**
 * The lock file beside a Unix socket ({@code <socket>.lock}), opened so that nothing
 * planted at its path by another user can be written through: a new file is created
 * exclusively ({@code O_EXCL}) and owner-only; an existing one is opened without
 * following links and used only when it is a regular file with one link, owned by this
 * process's user, and still the same file once opened. It is never truncated, chmod-ed or
 * written through its path, only through the checked channel.
 */
final class SocketLock implements AutoCloseable {

	private static final int ATTEMPTS = 5;

	private final Path path;

	private final FileChannel channel;

	private final FileLock lock;

	private SocketLock(Path path, FileChannel channel, FileLock lock) {
		this.path = path;
		this.channel = channel;
		this.lock = lock;
	}

	/**
	 * Takes the lock beside the socket and writes this process's PID into it.
	 * @throws IpcBindException when another server holds the lock or the file at its path
	 * is not a safe one
	 */
	static SocketLock acquire(Path socket) throws IOException {
		Path path = socket.resolveSibling(socket.getFileName() + ".lock");
		FileChannel channel = open(path);
		FileLock lock;
		try {
			lock = channel.tryLock();
		}
		catch (OverlappingFileLockException ex) {
			lock = null;
		}
		catch (IOException | RuntimeException ex) {
			channel.close();
			throw ex;
		}
		if (lock == null) {
			channel.close();
			throw new IpcBindException(IpcBindException.Reason.LOCKED, path.toString(),
					"Cannot bind Unix socket " + socket + ": another server holds its lock file " + path
							+ " (it is starting or running); stop it or choose another path",
					null);
		}
		try {
			channel.truncate(0);
			channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
		}
		catch (IOException | RuntimeException ex) {
			lock.release();
			channel.close();
			throw ex;
		}
		return new SocketLock(path, channel, lock);
	}

	private static FileChannel open(Path path) throws IOException {
		if (!UnixFiles.supported()) {
			return FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
					LinkOption.NOFOLLOW_LINKS);
		}
		FileAttribute<?> ownerOnly = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
		for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
			try {
				return FileChannel.open(path, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
						ownerOnly);
			}
			catch (FileAlreadyExistsException ex) {
				// left by a server that was killed, or held by a running one: checked
				// below
			}
			Map<String, Object> before;
			try {
				before = UnixFiles.attributes(path);
			}
			catch (NoSuchFileException ex) {
				continue; // removed in the meantime: create it
			}
			refuseUnsafe(path, before);
			FileChannel channel;
			try {
				channel = FileChannel.open(path, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
			}
			catch (NoSuchFileException ex) {
				continue; // removed by the server that held it: create it
			}
			Map<String, Object> after = UnixFiles.attributes(path);
			if (!UnixFiles.sameFile(before, after)) {
				channel.close();
				throw unsafe(path, "was replaced while it was being opened");
			}
			return channel;
		}
		throw unsafe(path, "kept appearing and disappearing while the server tried to create it");
	}

	private static void refuseUnsafe(Path path, Map<String, Object> attributes) {
		int mode = UnixFiles.mode(attributes);
		if ((mode & UnixFiles.S_IFMT) != UnixFiles.S_IFREG) {
			throw unsafe(path, "is " + UnixFiles.describeType(mode) + ", not a regular file");
		}
		long uid = UnixFiles.uid(attributes);
		if (uid != UnixFiles.currentUid()) {
			throw unsafe(path,
					"is owned by uid " + uid + ", not by uid " + UnixFiles.currentUid() + " that this server runs as");
		}
		if (UnixFiles.links(attributes) != 1) {
			throw unsafe(path, "has " + UnixFiles.links(attributes) + " hard links");
		}
	}

	private static IpcBindException unsafe(Path path, String problem) {
		return new IpcBindException(IpcBindException.Reason.UNSAFE_FILE, path.toString(),
				"Refusing the lock file " + path + ": it " + problem
						+ "; it was left untouched (another user may have planted it), remove it "
						+ "or choose another socket path",
				null);
	}

	/** Removes the lock file, then releases the lock. */
	@Override
	public void close() throws IOException {
		try {
			Files.deleteIfExists(this.path);
		}
		finally {
			try {
				this.lock.release();
			}
			finally {
				this.channel.close();
			}
		}
	}

}
