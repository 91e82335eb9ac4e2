package dev.socketipc.benchmarks;

/**
 * A server answered wrongly (wrong data, an unknown {@code rid}, a failure) or stopped
 * answering: the run is void.
 */
final class WrongAnswerException extends RuntimeException {

	WrongAnswerException(String message) {
		super(message);
	}

}
