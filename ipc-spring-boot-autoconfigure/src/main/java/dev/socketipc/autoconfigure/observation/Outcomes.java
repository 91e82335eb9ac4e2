package dev.socketipc.autoconfigure.observation;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import dev.socketipc.client.IpcConnectionException;
import dev.socketipc.client.IpcRemoteException;
import dev.socketipc.client.IpcTimeoutException;

/**
 * How a call's end becomes {@code rpc.status_code} and {@code error.type}.
 */
final class Outcomes {

	private Outcomes() {
	}

	/**
	 * Returns the status code of a client call.
	 * @param failure what the call failed with, {@code null} on success
	 * @return {@code OK}, the remote code, {@code TIMEOUT}, {@code CONNECTION_FAILED} or
	 * {@code UNKNOWN}
	 */
	static String clientStatusCode(Throwable failure) {
		if (failure == null) {
			return IpcObservationDocumentation.OK;
		}
		if (failure instanceof IpcRemoteException remote) {
			return remote.getCodeName();
		}
		if (failure instanceof IpcTimeoutException) {
			return IpcObservationDocumentation.TIMEOUT;
		}
		if (failure instanceof IpcConnectionException) {
			return IpcObservationDocumentation.CONNECTION_FAILED;
		}
		return IpcObservationDocumentation.UNKNOWN;
	}

	/**
	 * Returns what a completed stage's failure stands for: the exception inside
	 * {@link CompletionException} wrappers.
	 */
	static Throwable unwrap(Throwable failure) {
		Throwable cause = failure;
		while ((cause instanceof CompletionException || cause instanceof ExecutionException)
				&& cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

	/**
	 * Returns a status code to report: the code, or {@code UNKNOWN} before the end.
	 */
	static String statusCode(String code) {
		return (code != null) ? code : IpcObservationDocumentation.UNKNOWN;
	}

	/**
	 * Returns the server's {@code error.type}: the code answered, or {@code none} for
	 * {@code OK} and before the end.
	 */
	static String errorType(String code) {
		return (code == null || IpcObservationDocumentation.OK.equals(code)) ? IpcObservationDocumentation.NO_ERROR
				: code;
	}

	/**
	 * Returns the client's {@code error.type}: the code the server answered, else the
	 * failure's class name; {@code none} on success and before the end.
	 */
	static String errorType(IpcClientObservationContext context) {
		Throwable error = context.getError();
		if (error == null || error instanceof IpcRemoteException) {
			return errorType(context.getStatusCode());
		}
		return error.getClass().getName();
	}

}
