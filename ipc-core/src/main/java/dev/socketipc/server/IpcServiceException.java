package dev.socketipc.server;

/**
 * Thrown by a service method to fail a call with a message written for the caller: the answer is a
 * {@code SERVICE_ERROR} carrying the message whatever {@link ErrorDetails} is chosen but {@link ErrorDetails#NONE},
 * and the server does not log it as unexpected.
 *
 * <pre>{@code
 * if (stock < quantity) {
 *     throw new IpcServiceException("only " + stock + " left of " + sku);
 * }
 * }</pre>
 */
public class IpcServiceException extends RuntimeException {

	/**
	 * Creates an exception with a message for the caller.
	 * @param message the message the caller reads
	 */
	public IpcServiceException(String message) {
		super(message);
	}

	/**
	 * Creates an exception with a message for the caller and a cause that stays on the server.
	 * @param message the message the caller reads
	 * @param cause the cause, never sent
	 */
	public IpcServiceException(String message, Throwable cause) {
		super(message, cause);
	}

}
