package dev.socketipc.client;

/**
 * A call failed because its connection was lost or closed before the answer came, or
 * because it could not be sent at all. {@link #requestSent()} tells the two apart: a call
 * whose request was written is never resent by its connection, since a method need not be
 * idempotent.
 */
public class IpcConnectionException extends IpcException {

	private final boolean requestSent;

	/**
	 * Creates an exception.
	 * @param message what happened, naming the method and the server
	 * @param cause the underlying failure, may be {@code null}
	 */
	public IpcConnectionException(String message, Throwable cause) {
		this(message, cause, true);
	}

	/**
	 * Creates an exception that says whether the request was written.
	 * @param message what happened, naming the method and the server
	 * @param cause the underlying failure, may be {@code null}
	 * @param requestSent whether the request may have reached the server
	 */
	public IpcConnectionException(String message, Throwable cause, boolean requestSent) {
		super(message, cause);
		this.requestSent = requestSent;
	}

	/**
	 * Tells whether the request may have reached the server: {@code false} only when it
	 * was certainly never written (no connection, the client closed, the server closed
	 * before its {@code register}), so that making it again elsewhere cannot run it
	 * twice.
	 * @return whether the request may have been written
	 */
	public boolean requestSent() {
		return this.requestSent;
	}

}
