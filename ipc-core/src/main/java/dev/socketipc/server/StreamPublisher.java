package dev.socketipc.server;

import java.util.Iterator;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A {@link Stream} as a {@link Flow.Publisher} for one subscriber: items are taken from
 * the stream on the executor (iterating may block, as a database cursor does), only as
 * many as requested, and the stream is closed once it ends, fails or is cancelled.
 */
final class StreamPublisher implements Flow.Publisher<Object> {

	private final Stream<?> stream;

	private final Executor executor;

	private final AtomicBoolean subscribed = new AtomicBoolean();

	StreamPublisher(Stream<?> stream, Executor executor) {
		this.stream = stream;
		this.executor = executor;
	}

	@Override
	public void subscribe(Flow.Subscriber<? super Object> subscriber) {
		if (!this.subscribed.compareAndSet(false, true)) {
			subscriber.onSubscribe(new Emitter(null));
			subscriber.onError(new IllegalStateException("A Stream can be subscribed to once"));
			return;
		}
		subscriber.onSubscribe(new Emitter(subscriber));
	}

	/**
	 * Emits on the executor; {@link #pending} counts requested items plus one for a
	 * cancel, so that exactly one task runs at a time.
	 */
	private final class Emitter implements Flow.Subscription, Runnable {

		private final Flow.Subscriber<? super Object> subscriber;

		private final AtomicLong pending = new AtomicLong();

		private volatile boolean cancelled;

		/** Touched only by the one running task. */
		private Iterator<?> iterator;

		private volatile boolean closed;

		Emitter(Flow.Subscriber<? super Object> subscriber) {
			this.subscriber = subscriber;
		}

		@Override
		public void request(long n) {
			if (this.subscriber == null) {
				return;
			}
			if (n <= 0) {
				this.cancelled = true;
				schedule(1);
				this.subscriber.onError(new IllegalArgumentException("request must be positive, got " + n));
				return;
			}
			schedule(n);
		}

		@Override
		public void cancel() {
			if (this.subscriber != null && !this.cancelled) {
				this.cancelled = true;
				schedule(1);
			}
		}

		private void schedule(long n) {
			long previous = this.pending.getAndAccumulate(n, (a, b) -> (a + b < 0) ? Long.MAX_VALUE : a + b);
			if (previous == 0) {
				try {
					StreamPublisher.this.executor.execute(this);
				}
				catch (RejectedExecutionException ex) {
					this.cancelled = true;
					close();
				}
			}
		}

		@Override
		public void run() {
			long wanted = this.pending.get();
			long emitted = 0;
			try {
				while (true) {
					while (emitted != wanted) {
						if (this.closed) {
							return;
						}
						if (this.cancelled) {
							close();
							return;
						}
						if (this.iterator == null) {
							this.iterator = StreamPublisher.this.stream.iterator();
						}
						if (!this.iterator.hasNext()) {
							close();
							this.subscriber.onComplete();
							return;
						}
						this.subscriber.onNext(this.iterator.next());
						emitted++;
					}
					if (this.cancelled) {
						close();
						return;
					}
					wanted = this.pending.addAndGet(-emitted);
					emitted = 0;
					if (wanted == 0) {
						return;
					}
				}
			}
			catch (RuntimeException | Error ex) {
				boolean report = !this.closed && !this.cancelled;
				close();
				if (report) {
					this.subscriber.onError(ex);
				}
			}
		}

		private synchronized void close() {
			if (!this.closed) {
				this.closed = true;
				StreamPublisher.this.stream.close();
			}
		}

	}

}
