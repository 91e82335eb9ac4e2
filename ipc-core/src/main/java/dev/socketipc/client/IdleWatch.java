package dev.socketipc.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the unended calls of a retired connection, so that its pool learns when the last
 * one ends without walking the calls each time one does: each watched call adds one, and
 * its end takes it away. Thread-safe.
 */
final class IdleWatch {

	private final Runnable hook;

	/** Unended watched calls, plus one while the calls present are being watched. */
	private final AtomicInteger unended = new AtomicInteger(1);

	/**
	 * Creates a watch whose counting has not started: {@link #watched()} ends the first
	 * walk over the calls present.
	 * @param hook runs each time the last watched call ends, on the thread that ended it
	 */
	IdleWatch(Runnable hook) {
		this.hook = hook;
	}

	/** Counts a call until its result completes. */
	void watch(CompletableFuture<Object> result) {
		this.unended.incrementAndGet();
		result.whenComplete((value, failure) -> {
			if (this.unended.decrementAndGet() == 0) {
				this.hook.run();
			}
		});
	}

	/**
	 * Ends the first walk, which watched every call present; the hook is not run by this.
	 * @return whether no watched call is unended
	 */
	boolean watched() {
		return this.unended.decrementAndGet() == 0;
	}

	/** Tells whether no watched call is unended (and the first walk is over). */
	boolean isIdle() {
		return this.unended.get() == 0;
	}

}
