package dev.socketipc.client;

/**
 * Base class of the exceptions an IPC call fails with.
 */
public class IpcException extends RuntimeException {

	/**
	 * Creates an exception.
	 * @param message what went wrong, naming the method and the server
	 * @param cause the cause, may be {@code null}
	 */
	public IpcException(String message, Throwable cause) {
		super(message, cause);
	}

}
