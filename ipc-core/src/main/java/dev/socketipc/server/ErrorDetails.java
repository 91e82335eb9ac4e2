package dev.socketipc.server;

/**
 * How much of a failed call's cause the caller reads in the {@code error} of its answer.
 * Whatever the choice, an exception the service did not mean for the caller is logged on
 * the server at WARN with its stack trace (at most one line per method and interval, with
 * a count of those held back).
 *
 * <p>
 * An exception is meant for the caller when it is an {@link IpcServiceException} or an
 * {@link IllegalArgumentException} (the caller sent a bad value). Any other, such as a
 * {@code NullPointerException} or a driver's exception, is unexpected: its message may
 * name classes, queries or paths of the server.
 */
public enum ErrorDetails {

	/**
	 * Every exception's message (its class name when it has none), as the seed sends it;
	 * a result that cannot be written also names Jackson's reason.
	 */
	MESSAGE,

	/**
	 * The message of exceptions meant for the caller; for any other, only that the method
	 * failed. The default.
	 */
	EXPECTED,

	/** Only that the method failed, whatever the exception. */
	NONE;

	/**
	 * Tells whether the service threw the exception for the caller to read.
	 * @param cause what the method threw
	 * @return whether it is an {@link IpcServiceException} or an
	 * {@link IllegalArgumentException}
	 */
	public static boolean isMeantForCaller(Throwable cause) {
		return cause instanceof IpcServiceException || cause instanceof IllegalArgumentException;
	}

	/**
	 * Returns the {@code error} text of a {@code SERVICE_ERROR} answer.
	 * @param method the method's wire name
	 * @param cause what the method threw, unwrapped
	 */
	String serviceError(String method, Throwable cause) {
		boolean shown = this == MESSAGE || (this == EXPECTED && isMeantForCaller(cause));
		if (!shown) {
			return "method '" + method + "' failed; the server logged the cause";
		}
		String message = cause.getMessage();
		return (message == null || message.isBlank()) ? cause.getClass().getSimpleName() : message;
	}

	/**
	 * Returns the {@code error} text of an {@code INTERNAL_ERROR} answer for a result
	 * that could not be written.
	 * @param method the method's wire name
	 * @param reason why writing failed: Jackson's message, or the message of what a
	 * serializer threw
	 */
	String unwritableResult(String method, String reason) {
		String message = "the result of method '" + method + "' could not be written as JSON";
		return (this == MESSAGE && reason != null && !reason.isBlank()) ? message + ": " + reason : message;
	}

}
