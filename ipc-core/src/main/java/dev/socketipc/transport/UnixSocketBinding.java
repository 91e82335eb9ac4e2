package dev.socketipc.transport;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.function.Function;

import io.netty.channel.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifetime of the Unix socket file a server listens on: the lock beside it and the
 * directory it sits in ({@link #prepare}), the bind where no other user can connect
 * before the file has its final permissions ({@link #bind}), and its removal with the
 * lock's release when the server stops ({@link #close}).
 *
 * <p>
 * Not thread-safe: the server that owns it starts and stops under one monitor.
 */
public final class UnixSocketBinding implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(UnixSocketBinding.class);

	private final Path path;

	private AutoCloseable lock;

	private UnixSocketBinding(Path path, AutoCloseable lock) {
		this.path = path;
		this.lock = lock;
	}

	/**
	 * Checks the path's length, takes the lock beside it, creates its directory and
	 * removes a stale socket file.
	 * @param path the socket file's path
	 * @param directoryPermissions the permissions of directories created for it,
	 * {@code null} for the umask's
	 * @return the binding, holding the lock
	 * @throws IpcBindException when the path is too long, another server holds the lock
	 * or answers on the path, or the path is not a socket
	 * @throws IOException when the file system cannot be read or written
	 */
	public static UnixSocketBinding prepare(Path path, Set<PosixFilePermission> directoryPermissions)
			throws IOException {
		UnixSocketFile.checkLength(path);
		AutoCloseable lock = UnixSocketFile.lock(path, directoryPermissions);
		UnixSocketBinding binding = new UnixSocketBinding(path, lock);
		try {
			UnixSocketFile.prepareForBind(path, directoryPermissions);
		}
		catch (IOException | RuntimeException ex) {
			binding.releaseLock();
			throw ex;
		}
		return binding;
	}

	/**
	 * Binds at a staged path only this user can reach, gives the socket its permissions
	 * there, then renames it into place: no other user can connect before the socket has
	 * its final permissions, whatever the umask.
	 * @param permissions the socket file's permissions, {@code null} to keep the umask's
	 * @param binder binds a server channel to an address and returns it
	 * @return the bound channel, closed again when the socket cannot be published
	 * @throws IOException when the staged socket cannot be created or published
	 */
	public Channel bind(Set<PosixFilePermission> permissions, Function<SocketAddress, Channel> binder)
			throws IOException {
		try (StagedSocket staged = StagedSocket.create(this.path)) {
			Channel channel = binder.apply(UnixDomainSocketAddress.of(staged.bindPath()));
			try {
				staged.publish(permissions);
			}
			catch (IOException | RuntimeException ex) {
				channel.close().syncUninterruptibly();
				throw ex;
			}
			return channel;
		}
	}

	/**
	 * Releases the lock, leaving the file: for a start that failed before the socket was
	 * published.
	 */
	public void releaseLock() {
		if (this.lock != null) {
			try {
				this.lock.close();
			}
			catch (Exception ex) {
				logger.warn("Could not release the lock beside {}: {}", this.path, ex.getMessage());
			}
			this.lock = null;
		}
	}

	/** Removes the socket file, then releases the lock; failures are logged. */
	@Override
	public void close() {
		try {
			Files.deleteIfExists(this.path);
		}
		catch (IOException ex) {
			logger.warn("Could not remove socket file {}: {}", this.path, ex.getMessage());
		}
		releaseLock();
	}

}
