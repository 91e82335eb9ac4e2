package dev.socketipc.client;

import java.time.Duration;

/**
 * A call got no answer within its timeout; a late answer is dropped.
 */
public class IpcTimeoutException extends IpcException {

	private final Duration timeout;

	/**
	 * Creates an exception.
	 * @param message what timed out, naming the method, the server and the limit
	 * @param timeout the limit that passed
	 * @param cause the last connection failure when the call never got a connection, else
	 * {@code null}
	 */
	public IpcTimeoutException(String message, Duration timeout, Throwable cause) {
		super(message, cause);
		this.timeout = timeout;
	}

	/**
	 * Returns the limit that passed.
	 * @return the timeout
	 */
	public Duration getTimeout() {
		return this.timeout;
	}

}
