package dev.socketipc.protocol;

/**
 * The fixed set of error codes a server puts in the {@code code} field of a
 * {@code success:false} response.
 *
 * <p>
 * A seed peer ignores the field; it only reads {@code error}, the human message that
 * accompanies every code.
 */
public enum ErrorCode {

	/**
	 * The line is not valid JSON, or holds more than one JSON value. Answered without a
	 * {@code rid}.
	 */
	PARSE_ERROR,

	/**
	 * The line is valid JSON but not a request: not an object, no {@code method}, or a
	 * field of the wrong type.
	 */
	INVALID_REQUEST,

	/** No exposed method has the requested name. */
	METHOD_NOT_FOUND,

	/**
	 * The {@code args} do not fit the method's parameters: too many, too few, or one that
	 * cannot be converted.
	 */
	INVALID_ARGUMENTS,

	/** The method ran and threw; the message is the exception's. */
	SERVICE_ERROR,

	/**
	 * The line is longer than the server's {@code max-line-length}; the server closes the
	 * connection after it.
	 */
	TOO_LARGE,

	/**
	 * The server cannot take the call now (its executor refused it, or it has too many
	 * connections).
	 */
	OVERLOADED,

	/** The server is stopping and did not run, or could not finish, the call. */
	SHUTTING_DOWN,

	/** The call ran but its result could not be written as JSON. */
	INTERNAL_ERROR,

	/**
	 * {@code $subscribe} or {@code $unsubscribe} named a topic the server does not list.
	 */
	UNKNOWN_TOPIC,

	/** The client cancelled the streaming call ({@code {"action":"cancel"}}). */
	CANCELLED,

	/**
	 * A streaming method called without {@code "stream":true} produced more items than
	 * the server collects into one array ({@code ipc.server.max-stream-items}).
	 */
	TOO_MANY_ITEMS;

	/**
	 * Returns the code with the given name, or {@code null} for a name that is not one of
	 * ours (for example from a newer or foreign peer).
	 * @param name the code as read from the wire, may be {@code null}
	 * @return the code, or {@code null}
	 */
	public static ErrorCode fromWire(String name) {
		if (name == null) {
			return null;
		}
		for (ErrorCode code : values()) {
			if (code.name().equals(name)) {
				return code;
			}
		}
		return null;
	}

}
