package dev.socketipc.client;

import dev.socketipc.transport.IpcAddress;

/**
 * The exceptions a connection fails calls with when it has no server to send them to,
 * each saying why and what the client does next. None of them was written, so each says
 * {@link IpcConnectionException#requestSent() requestSent()} {@code false}: a balanced
 * client may make the call on another server.
 */
final class ConnectionFailures {

	private ConnectionFailures() {
	}

	static IpcConnectionException closed(IpcAddress address, String method) {
		return new IpcConnectionException(
				"IPC call '" + method + "' not sent: the client for " + address + " is closed", null, false);
	}

	static IpcConnectionException unavailable(IpcAddress address, String method, Throwable lastFailure) {
		return new IpcConnectionException("IPC call '" + method + "' not sent: the server at " + address
				+ " is unavailable"
				+ ((lastFailure != null) ? " (last attempt: " + PendingCalls.describe(lastFailure) + ")" : "")
				+ "; the client keeps reconnecting in the background, and a call made with wait-for-ready waits for it",
				lastFailure, false);
	}

	/**
	 * A call taken for a channel that closed before the event loop wrote its request.
	 */
	static IpcConnectionException notWritten(IpcAddress address, String method, String reason) {
		return new IpcConnectionException(
				"IPC call '" + method + "' not sent: " + reason + " before the request was written", null, false);
	}

	/** Why a connection failed (a call's cause, never a call's own failure). */
	static IpcConnectionException closedBeforeRegister(IpcAddress address, boolean tls) {
		return new IpcConnectionException("the server at " + address
				+ " closed the connection before sending its register message" + (tls ? "" : " (does it expect TLS?)"),
				null, false);
	}

	/** Why a connection failed (a call's cause, never a call's own failure). */
	static IpcConnectionException lost(IpcAddress address) {
		return new IpcConnectionException("the connection to " + address + " was lost; reconnecting", null, false);
	}

	static IpcConnectionException closedBeforeConnect(IpcAddress address) {
		return new IpcConnectionException("the client for " + address + " was closed before it connected", null, false);
	}

}
