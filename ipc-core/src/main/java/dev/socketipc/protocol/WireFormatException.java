package dev.socketipc.protocol;

/**
 * Thrown by {@link WireCodec#decode} when a line is not valid JSON (or holds more than
 * one JSON value).
 */
public final class WireFormatException extends RuntimeException {

	/**
	 * Creates an exception with the given message.
	 * @param message what was wrong with the line
	 * @param cause the parser's exception
	 */
	public WireFormatException(String message, Throwable cause) {
		super(message, cause);
	}

}
