package dev.socketipc.client;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Flow.Subscription} of one subscriber to a stream or a topic: items wait in a
 * bounded buffer until the subscriber requests them, and every signal reaches the
 * subscriber serially, on the thread that offered an item or requested more (the first to
 * arrive drains for the others). A full buffer drops its oldest item and counts it, or
 * refuses the new one so that the producer can fail the stream.
 *
 * <p>
 * Follows the Reactive Streams rules: {@code onSubscribe} comes first, nothing else while
 * it runs; a non-positive request ends the subscription with an
 * {@link IllegalArgumentException} (§3.9); cancelling is idempotent and stops every
 * signal; a terminal signal comes once, after the items already buffered unless the
 * failure discards them. Thread-safe: the buffer and demand are guarded by {@code this},
 * the drain by an atomic counter.
 *
 * @param <T> the item type
 */
final class ItemBuffer<T> implements Flow.Subscription {

	/** How many items wait for the subscriber's demand at most. */
	static final int CAPACITY = 1024;

	private static final Logger logger = LoggerFactory.getLogger(ItemBuffer.class);

	/** What a full buffer does with a new item. */
	enum Overflow {

		/** Drop the oldest waiting item and count it. */
		DROP_OLDEST,

		/** Refuse the new item: {@link #offer} returns {@code false}. */
		REFUSE

	}

	private final Flow.Subscriber<? super T> subscriber;

	private final int capacity;

	private final Overflow overflow;

	/** What stops the producer: called once, when the subscriber cancels first. */
	private final Runnable onCancel;

	/** Guarded by this. */
	private final ArrayDeque<T> items = new ArrayDeque<>();

	/** Guarded by this. */
	private long requested;

	/**
	 * Whether the terminal signal is decided (it follows the buffered items); guarded by
	 * this.
	 */
	private boolean done;

	/** The failure to signal, {@code null} to complete; guarded by this. */
	private Throwable failure;

	/** Whether no signal may reach the subscriber any more; guarded by this. */
	private boolean cancelled;

	/** Guarded by this. */
	private long dropped;

	/**
	 * Drains in progress or missed; starts at 1 so that nothing passes
	 * {@code onSubscribe}.
	 */
	private final AtomicInteger wip = new AtomicInteger(1);

	ItemBuffer(Flow.Subscriber<? super T> subscriber, int capacity, Overflow overflow, Runnable onCancel) {
		this.subscriber = Objects.requireNonNull(subscriber, "subscriber");
		this.capacity = capacity;
		this.overflow = overflow;
		this.onCancel = onCancel;
	}

	/**
	 * Calls the subscriber's {@code onSubscribe}, then delivers what was offered
	 * meanwhile as the subscriber requests it.
	 */
	void start() {
		start(this);
	}

	/**
	 * Same as {@link #start()}, handing the subscriber a subscription that wraps this
	 * one.
	 * @param shown what the subscriber's {@code onSubscribe} gets
	 */
	void start(Flow.Subscription shown) {
		try {
			this.subscriber.onSubscribe(shown);
		}
		catch (RuntimeException ex) {
			logger.warn("Subscriber {} threw from onSubscribe (Reactive Streams §2.13); cancelling", this.subscriber,
					ex);
			cancel();
		}
		loop(1);
	}

	/**
	 * Offers an item, never {@code null}.
	 * @return {@code false} when the buffer is full and refuses it; {@code true} when it
	 * was buffered, the oldest was dropped for it, or the subscription has ended (the
	 * item is then ignored)
	 */
	boolean offer(T item) {
		Objects.requireNonNull(item, "item");
		synchronized (this) {
			if (this.done || this.cancelled) {
				return true;
			}
			if (this.items.size() >= this.capacity) {
				if (this.overflow == Overflow.REFUSE) {
					return false;
				}
				this.items.pollFirst();
				this.dropped++;
			}
			this.items.addLast(item);
		}
		drain();
		return true;
	}

	/**
	 * Offers items that are all in memory already (a seed server's array), past the
	 * capacity.
	 */
	void offerAll(Collection<? extends T> all) {
		synchronized (this) {
			if (this.done || this.cancelled) {
				return;
			}
			for (T item : all) {
				this.items.addLast(Objects.requireNonNull(item, "item"));
			}
		}
		drain();
	}

	/** Completes the subscriber after the items buffered. */
	void complete() {
		terminate(null, false);
	}

	/**
	 * Fails the subscriber.
	 * @param cause the failure
	 * @param discardItems whether the items buffered are dropped rather than delivered
	 * first
	 */
	void fail(Throwable cause, boolean discardItems) {
		terminate(Objects.requireNonNull(cause, "cause"), discardItems);
	}

	private void terminate(Throwable cause, boolean discardItems) {
		synchronized (this) {
			if (this.done || this.cancelled) {
				return;
			}
			this.done = true;
			this.failure = cause;
			if (discardItems) {
				this.items.clear();
			}
		}
		drain();
	}

	/** Returns how many items a full buffer dropped. */
	synchronized long dropped() {
		return this.dropped;
	}

	/** Tells whether the subscriber cancelled, or its terminal signal was sent. */
	synchronized boolean isCancelled() {
		return this.cancelled;
	}

	@Override
	public void request(long n) {
		boolean stop = false;
		synchronized (this) {
			if (this.cancelled) {
				return;
			}
			if (n <= 0) {
				if (!this.done) {
					stop = true;
				}
				this.done = true;
				this.items.clear();
				this.failure = new IllegalArgumentException(
						"Reactive Streams §3.9: request(n) must be called with a positive n, not " + n);
			}
			else {
				this.requested = (this.requested + n < 0) ? Long.MAX_VALUE : this.requested + n;
			}
		}
		if (stop) {
			this.onCancel.run();
		}
		drain();
	}

	@Override
	public void cancel() {
		boolean stop;
		synchronized (this) {
			if (this.cancelled) {
				return;
			}
			this.cancelled = true;
			stop = !this.done;
			this.items.clear();
		}
		if (stop) {
			this.onCancel.run();
		}
	}

	private void drain() {
		if (this.wip.getAndIncrement() == 0) {
			loop(1);
		}
	}

	/**
	 * Emits what demand allows until no drain was missed; returns for good (leaving the
	 * counter up, so later drains do nothing) once the subscription has ended.
	 */
	private void loop(int missed) {
		while (true) {
			while (true) {
				T item = null;
				boolean terminal = false;
				Throwable cause = null;
				synchronized (this) {
					if (this.cancelled) {
						return;
					}
					if (this.requested > 0 && !this.items.isEmpty()) {
						item = this.items.pollFirst();
						if (this.requested != Long.MAX_VALUE) {
							this.requested--;
						}
					}
					else if (this.done && this.items.isEmpty()) {
						terminal = true;
						cause = this.failure;
						this.cancelled = true;
					}
				}
				if (terminal) {
					signalEnd(cause);
					return;
				}
				if (item == null) {
					break;
				}
				if (!signalNext(item)) {
					return;
				}
			}
			missed = this.wip.addAndGet(-missed);
			if (missed == 0) {
				return;
			}
		}
	}

	private boolean signalNext(T item) {
		try {
			this.subscriber.onNext(item);
			return true;
		}
		catch (RuntimeException ex) {
			logger.warn("Subscriber {} threw from onNext (Reactive Streams §2.13); cancelling", this.subscriber, ex);
			cancel();
			return false;
		}
	}

	private void signalEnd(Throwable cause) {
		try {
			if (cause != null) {
				this.subscriber.onError(cause);
			}
			else {
				this.subscriber.onComplete();
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Subscriber {} threw from {} (Reactive Streams §2.13)", this.subscriber,
					(cause != null) ? "onError" : "onComplete", ex);
		}
	}

}
