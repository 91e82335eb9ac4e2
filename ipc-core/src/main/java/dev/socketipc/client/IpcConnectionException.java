package dev.socketipc.client;

/**
 * A call failed because its connection was lost or closed before the answer came. The
 * call is never resent, since a method need not be idempotent.
 */
public class IpcConnectionException extends IpcException {

	/**
	 * Creates an exception.
	 * @param message what happened, naming the method and the server
	 * @param cause the underlying failure, may be {@code null}
	 */
	public IpcConnectionException(String message, Throwable cause) {
		super(message, cause);
	}

}
