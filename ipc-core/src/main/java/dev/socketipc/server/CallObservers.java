package dev.socketipc.server;

import java.util.List;

import dev.socketipc.transport.LogLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's observers as one: starts each in order and hands back one observation that
 * ends each once; whatever an observer throws is logged (limited) and never reaches the
 * call. Thread-safe; each observation it returns ends once, whoever ends it first.
 */
final class CallObservers implements IpcServerObserver {

	private static final Logger logger = LoggerFactory.getLogger(IpcServerObserver.class);

	private final IpcServerObserver[] observers;

	private final LogLimiter failures = new LogLimiter(ServerRuntime.LOG_INTERVAL);

	private CallObservers(List<IpcServerObserver> observers) {
		this.observers = observers.toArray(new IpcServerObserver[0]);
	}

	/**
	 * Joins observers.
	 * @return the joined observer, {@code null} when there is none, so that an unobserved
	 * server does nothing per call
	 */
	static CallObservers of(List<IpcServerObserver> observers) {
		return observers.isEmpty() ? null : new CallObservers(observers);
	}

	@Override
	public Observation callStarted(IpcServerRequest request) {
		CallObservation[] started = new CallObservation[this.observers.length];
		for (int i = 0; i < started.length; i++) {
			try {
				started[i] = this.observers[i].callStarted(request);
			}
			catch (RuntimeException | Error ex) {
				failed("callStarted", request.method(), ex);
			}
		}
		return new Observation(request.method(), started);
	}

	private void failed(String step, String method, Throwable failure) {
		long suppressed = this.failures.tryAcquire();
		if (suppressed >= 0) {
			logger.warn("An IpcServerObserver threw in {} for method '{}'; the call goes on ({} similar messages "
					+ "suppressed)", step, method, suppressed, failure);
		}
	}

	/**
	 * The observations of one call; ends them once. The outcome is recorded by the thread
	 * that finished the call before it hands the answer to the event loop, which ends the
	 * call.
	 */
	final class Observation implements CallObservation {

		private final String method;

		private final CallObservation[] observations;

		private boolean ended;

		private String code;

		private Throwable failure;

		Observation(String method, CallObservation[] observations) {
			this.method = method;
			this.observations = observations;
		}

		@Override
		public Scope openScope() {
			Scope[] scopes = new Scope[this.observations.length];
			for (int i = 0; i < scopes.length; i++) {
				if (this.observations[i] != null) {
					try {
						scopes[i] = this.observations[i].openScope();
					}
					catch (RuntimeException | Error ex) {
						failed("openScope", this.method, ex);
					}
				}
			}
			return () -> {
				for (int i = scopes.length - 1; i >= 0; i--) {
					if (scopes[i] != null) {
						try {
							scopes[i].close();
						}
						catch (RuntimeException | Error ex) {
							failed("Scope.close", this.method, ex);
						}
					}
				}
			};
		}

		/** Records how the call came out: its code and what was thrown, if anything. */
		void outcome(String code, Throwable failure) {
			this.code = code;
			this.failure = failure;
		}

		/**
		 * Ends the call with its recorded outcome, or with {@code override} when it was
		 * answered otherwise or not at all.
		 */
		void end(String override) {
			if (override == null) {
				callEnded(this.code, this.failure);
			}
			else {
				callEnded(override, null);
			}
		}

		/** Ends the call unless it already ended. */
		@Override
		public void callEnded(String code, Throwable failure) {
			synchronized (this) {
				if (this.ended) {
					return;
				}
				this.ended = true;
			}
			for (CallObservation observation : this.observations) {
				if (observation != null) {
					try {
						observation.callEnded(code, failure);
					}
					catch (RuntimeException | Error ex) {
						failed("callEnded", this.method, ex);
					}
				}
			}
		}

	}

}
