package dev.socketipc.autoconfigure;

import dev.socketipc.transport.IpcBindException;
import dev.socketipc.transport.UnixSocketFile;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains why the IPC server could not listen, as Spring Boot does for a web server's
 * port in use: a port or socket path in use, a permission denied, a missing directory, a
 * path too long, an unsafe file or directory on the way. Registered in
 * {@code META-INF/spring.factories}.
 */
class IpcBindFailureAnalyzer extends AbstractFailureAnalyzer<IpcBindException> {

	private static final String ADDRESS = "ipc.server.address";

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, IpcBindException cause) {
		String target = cause.target();
		return switch (cause.reason()) {
			case ADDRESS_IN_USE ->
				explain(cause, "The IPC server could not listen on " + target + ": the address is already in use.",
						"Stop the process that listens on " + target + ", or set " + ADDRESS
								+ " to another address (tcp://127.0.0.1:0 picks any free port).");
			case PERMISSION_DENIED ->
				explain(cause, "The IPC server could not listen: permission denied on " + target + ".",
						"Run the application as a user that may create " + target + " (TCP ports below 1024 need "
								+ "privileges), or set " + ADDRESS + " to a socket in a directory this user owns.");
			case MISSING_PARENT -> explain(cause,
					"The IPC server could not listen: the directory of its socket, " + target
							+ ", is missing and could not be created, or is not a directory.",
					"Create the directory, or set " + ADDRESS + " to a socket in a directory that exists.");
			case LIVE_SOCKET ->
				explain(cause, "The IPC server could not listen on " + target + ": another server is listening on it.",
						"Stop the other server, or set " + ADDRESS + " (or spring.application.name, which names the "
								+ "default socket) so that each server has its own socket.");
			case LOCKED -> explain(cause,
					"The IPC server could not listen: another server holds the lock file " + target
							+ " beside its socket; it is starting or running.",
					"Stop the other server, or set " + ADDRESS + " (or spring.application.name, which names the "
							+ "default socket) so that each server has its own socket.");
			case PATH_TOO_LONG -> explain(cause,
					"The IPC server could not listen: its Unix socket path " + target
							+ " is longer than the platform's limit of " + UnixSocketFile.maxPathBytes() + " bytes.",
					"Set " + ADDRESS + " to a shorter path, or shorten spring.application.name when the address is "
							+ "the default one.");
			case UNSAFE_FILE -> explain(cause,
					"The IPC server refused to use " + target
							+ ": it is not a file the server created, and another user may have planted it.",
					"Remove " + target + " if nothing needs it, or set " + ADDRESS + " to a socket in a directory "
							+ "only this user can write.");
			case UNSAFE_DIRECTORY -> explain(cause,
					"The socket directory " + target + " was refused: it belongs to "
							+ "another user or is open to others, who could take or watch the sockets in it.",
					"If another user created " + target + ", remove it (it is recreated owner-only); if it is "
							+ "yours, make it private (chmod 700 " + target + "). Or set " + ADDRESS + ", and "
							+ "ipc.client.servers.<name>.address on clients, to a socket in a directory only this "
							+ "user can write.");
			case OTHER ->
				explain(cause, "The IPC server could not listen on " + target + ".", "Check " + ADDRESS + ".");
		};
	}

	private static FailureAnalysis explain(IpcBindException cause, String description, String action) {
		return new FailureAnalysis(description + "\n\n" + cause.getMessage(), action, cause);
	}

}
