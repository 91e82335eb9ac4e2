package dev.socketipc.server;

import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A subscriber's hold on its publisher's subscription that a cancel may precede: a
 * subscription arriving after {@link #cancel()} is cancelled at once. Thread-safe.
 */
final class Upstream {

	private static final Flow.Subscription CANCELLED = new Flow.Subscription() {

		@Override
		public void request(long n) {
		}

		@Override
		public void cancel() {
		}

	};

	private final AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();

	/**
	 * Takes the subscription.
	 * @return {@code false} when it was cancelled instead (or one was taken already)
	 */
	boolean set(Flow.Subscription subscription) {
		if (this.subscription.compareAndSet(null, subscription)) {
			return true;
		}
		subscription.cancel();
		return false;
	}

	void request(long n) {
		Flow.Subscription current = this.subscription.get();
		if (current != null) {
			current.request(n);
		}
	}

	void cancel() {
		Flow.Subscription previous = this.subscription.getAndSet(CANCELLED);
		if (previous != null && previous != CANCELLED) {
			previous.cancel();
		}
	}

	boolean isCancelled() {
		return this.subscription.get() == CANCELLED;
	}

}
