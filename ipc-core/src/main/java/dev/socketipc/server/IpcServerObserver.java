package dev.socketipc.server;

/**
 * Sees every request the server reads, from its parsed line to its answer, including
 * those answered with an error before any method runs ({@code METHOD_NOT_FOUND},
 * {@code INVALID_ARGUMENTS}, {@code OVERLOADED}, {@code SHUTTING_DOWN}): the hook for
 * metrics and traces. Lines that are no request ({@code PARSE_ERROR},
 * {@code INVALID_REQUEST}, {@code TOO_LARGE}) are not calls; {@link IpcServerStatistics}
 * counts them.
 *
 * <p>
 * Implementations must be thread-safe and quick: {@link #callStarted} runs on the
 * connection's event loop. One that throws never loses a call: the failure is logged
 * (limited) and the call goes on as if it were not observed. A server without an observer
 * allocates nothing for observation.
 *
 * <pre>{@code
 * IpcServer.builder().observer((request) -> {
 *     long start = System.nanoTime();
 *     return (code, failure) -> timer(request.method(), code).record(System.nanoTime() - start);
 * });
 * }</pre>
 */
@FunctionalInterface
public interface IpcServerObserver {

	/** An observer that observes nothing. */
	IpcServerObserver NONE = (request) -> CallObservation.NONE;

	/**
	 * The code a call ends with when its connection closed before it was answered (the
	 * peer went away): nothing was written for it.
	 */
	String CONNECTION_CLOSED = "CONNECTION_CLOSED";

	/**
	 * Starts observing one call; runs on the event loop, once per request line with a
	 * method (known or not, call or notification).
	 * @param request what the line asked for
	 * @return the observation of the call, {@link CallObservation#NONE} to ignore it;
	 * never {@code null}
	 */
	CallObservation callStarted(IpcServerRequest request);

	/**
	 * One observed call.
	 */
	@FunctionalInterface
	interface CallObservation {

		/** An observation that does nothing. */
		CallObservation NONE = (code, failure) -> {
		};

		/**
		 * Opened on the thread that runs the interceptors and the method, closed when
		 * they return (for an asynchronous method, when it returns its stage); not opened
		 * for a call answered before its method could run.
		 * @return the scope to close
		 */
		default Scope openScope() {
			return Scope.NONE;
		}

		/**
		 * Called exactly once per started call, on whichever thread finished it.
		 * @param code {@code "OK"}, or the error code answered (custom codes of an
		 * {@link IpcServiceException} too); for a notification, the code it would have
		 * been answered; {@link IpcServerObserver#CONNECTION_CLOSED} when the connection
		 * closed first
		 * @param failure what the method or an interceptor threw, or what writing the
		 * result threw ({@code INTERNAL_ERROR}); {@code null} otherwise, and for the
		 * refusals answered before the method runs
		 */
		void callEnded(String code, Throwable failure);

	}

	/**
	 * What {@link CallObservation#openScope()} opened; closing never throws.
	 */
	@FunctionalInterface
	interface Scope extends AutoCloseable {

		/** A scope that does nothing. */
		Scope NONE = () -> {
		};

		@Override
		void close();

	}

}
