package dev.socketipc.transport;

import java.net.SocketException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Thrown when a server cannot listen on its address, with the reason sorted out so that a
 * caller (Spring Boot's failure analysis, a launcher script) can tell the user what to do
 * about it.
 */
public class IpcBindException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	/** Why the address could not be bound. */
	public enum Reason {

		/**
		 * Another process listens on the TCP port, or has bound the socket path; or
		 * another server of this JVM has bound the {@code local:} name.
		 */
		ADDRESS_IN_USE,

		/**
		 * The process may not bind the port or create the socket file or its directory.
		 */
		PERMISSION_DENIED,

		/**
		 * A directory on the socket's path is missing and could not be created, or is not
		 * a directory.
		 */
		MISSING_PARENT,

		/** A live server answers on the Unix socket path. */
		LIVE_SOCKET,

		/** Another server holds the lock file beside the Unix socket. */
		LOCKED,

		/** The Unix socket path is longer than the platform allows. */
		PATH_TOO_LONG,

		/**
		 * Something that is not a socket sits at the Unix socket path, or the lock file
		 * is not a safe one.
		 */
		UNSAFE_FILE,

		/** The socket's directory belongs to another user or is open to others. */
		UNSAFE_DIRECTORY,

		/** Anything else: the message says what. */
		OTHER

	}

	private final Reason reason;

	private final String target;

	/**
	 * Creates the exception.
	 * @param reason why binding failed
	 * @param target what could not be bound or used: the address, or a file or directory
	 * on its path
	 * @param message the whole message
	 * @param cause the underlying failure, may be {@code null}
	 */
	public IpcBindException(Reason reason, String target, String message, Throwable cause) {
		super(message, cause);
		this.reason = reason;
		this.target = target;
	}

	/**
	 * Describes why a server could not start listening on an address, sorting the failure
	 * into a {@link Reason}.
	 * @param address the address the server tried to bind
	 * @param failure what went wrong
	 * @return an exception whose message starts with the address and ends with the
	 * failure's own message
	 */
	public static IpcBindException of(IpcAddress address, Throwable failure) {
		Reason reason = Reason.OTHER;
		String target = address.toString();
		if (failure instanceof IpcBindException known) {
			reason = known.reason();
			target = known.target();
		}
		else if (failure instanceof AccessDeniedException denied) {
			reason = Reason.PERMISSION_DENIED;
			target = denied.getFile();
		}
		else if (failure instanceof NoSuchFileException | failure instanceof FileAlreadyExistsException
				| failure instanceof NotDirectoryException) {
			reason = Reason.MISSING_PARENT;
			target = ((FileSystemException) failure).getFile();
		}
		else if (failure instanceof FileSystemException fs
				&& String.valueOf(fs.getReason()).contains("Not a directory")) {
			reason = Reason.MISSING_PARENT;
			target = fs.getFile();
		}
		else if (failure instanceof SocketException) {
			String text = String.valueOf(failure.getMessage());
			if (text.contains("in use")) {
				reason = Reason.ADDRESS_IN_USE;
			}
			else if (text.contains("ermission denied") || text.contains("ccess denied")) {
				reason = Reason.PERMISSION_DENIED;
			}
			else if (text.contains("No such file")) {
				reason = Reason.MISSING_PARENT;
			}
		}
		String detail = (failure.getMessage() != null) ? failure.getMessage() : failure.toString();
		if (address instanceof IpcAddress.Local && detail.contains("already in use")) {
			reason = Reason.ADDRESS_IN_USE;
			detail = "another IPC server in this JVM already listens on " + address;
		}
		return new IpcBindException(reason, (target != null) ? target : address.toString(),
				"Could not start the IPC server on " + address + ": " + detail, failure);
	}

	/**
	 * Returns why binding failed.
	 * @return the reason
	 */
	public Reason reason() {
		return this.reason;
	}

	/**
	 * Returns what could not be bound or used: the address, or the file or directory at
	 * fault.
	 * @return the target, as the message names it
	 */
	public String target() {
		return this.target;
	}

}
