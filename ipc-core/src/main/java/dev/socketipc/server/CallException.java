package dev.socketipc.server;

import dev.socketipc.protocol.ErrorCode;

/**
 * A request that cannot be run, with the code and message its error response carries.
 */
final class CallException extends Exception {

	private final ErrorCode code;

	CallException(ErrorCode code, String message) {
		super(message, null, false, false);
		this.code = code;
	}

	ErrorCode code() {
		return this.code;
	}

}
