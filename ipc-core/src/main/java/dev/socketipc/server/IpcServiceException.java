package dev.socketipc.server;

import dev.socketipc.protocol.ErrorCode;

/**
 * Thrown by a service method (or an {@link IpcServerInterceptor}, or returned by an
 * {@link IpcExceptionHandler}) to fail a call with a message written for the caller and,
 * optionally, a code of the application's choosing: the answer carries the code
 * ({@code SERVICE_ERROR} when none is given) and the message whatever
 * {@link ErrorDetails} is chosen but {@link ErrorDetails#NONE}, and the server does not
 * log it as unexpected. Receivers treat a code they do not know as a generic failure; a
 * Java client reads it with {@code IpcRemoteException.code()}.
 *
 * <pre>{@code
 * if (stock < quantity) {
 *     throw new IpcServiceException("OUT_OF_STOCK", "only " + stock + " left of " + sku, null);
 * }
 * }</pre>
 */
public class IpcServiceException extends RuntimeException {

	private final String code;

	/**
	 * Creates an exception with a message for the caller, answered {@code SERVICE_ERROR}.
	 * @param message the message the caller reads
	 */
	public IpcServiceException(String message) {
		super(message);
		this.code = null;
	}

	/**
	 * Creates an exception with a message for the caller and a cause that stays on the
	 * server, answered {@code SERVICE_ERROR}.
	 * @param message the message the caller reads
	 * @param cause the cause, never sent
	 */
	public IpcServiceException(String message, Throwable cause) {
		super(message, cause);
		this.code = null;
	}

	/**
	 * Creates an exception with a code and a message for the caller and a cause that
	 * stays on the server.
	 * @param code the {@code code} of the answer, such as {@code OUT_OF_STOCK}: not blank
	 * @param message the message the caller reads
	 * @param cause the cause, never sent; may be {@code null}
	 * @throws IllegalArgumentException when the code is {@code null} or blank
	 */
	public IpcServiceException(String code, String message, Throwable cause) {
		super(message, cause);
		if (code == null || code.isBlank()) {
			throw new IllegalArgumentException("The code of an IpcServiceException must not be blank, got '" + code
					+ "'; use the constructors without a code for SERVICE_ERROR");
		}
		this.code = code;
	}

	/**
	 * Returns the code the answer carries.
	 * @return the code given to the constructor, or {@code SERVICE_ERROR}
	 */
	public String code() {
		return (this.code != null) ? this.code : ErrorCode.SERVICE_ERROR.name();
	}

}
