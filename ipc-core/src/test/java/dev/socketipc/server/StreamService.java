package dev.socketipc.server;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import reactor.core.publisher.Flux;

/**
 * Streaming methods for the tests: publishers that emit on demand, fail, never end, and
 * say when they are cancelled; a {@link Stream}; a {@link Flux}.
 */
public final class StreamService {

	final CountDownLatch endlessCancelled = new CountDownLatch(1);

	/** Counts down the cancels of two {@link #endlessCounted()} calls. */
	final CountDownLatch endlessCountedCancels = new CountDownLatch(2);

	final CountDownLatch streamClosed = new CountDownLatch(1);

	final CountDownLatch gate = new CountDownLatch(1);

	/** The most items requested from {@link #endless()} at once beyond those emitted. */
	final AtomicLong endlessRequested = new AtomicLong();

	public Flow.Publisher<Integer> count(int n) {
		return new Counter(n, null, null);
	}

	public Flow.Publisher<Integer> failAfter(int n) {
		return new Counter(n, new IpcServiceException("BROKEN", "broke after " + n, null), null);
	}

	public Flow.Publisher<Integer> endless() {
		return new Counter(Integer.MAX_VALUE, null, this.endlessCancelled);
	}

	/** As {@link #endless()}, its cancels counted by {@link #endlessCountedCancels}. */
	public Flow.Publisher<Integer> endlessCounted() {
		return new Counter(Integer.MAX_VALUE, null, this.endlessCountedCancels);
	}

	/** Emits what is first requested, synchronously, then throws from {@code request}. */
	public Flow.Publisher<Integer> throwsOnRequest() {
		return (subscriber) -> subscriber.onSubscribe(new Flow.Subscription() {

			private boolean requested;

			@Override
			public void request(long n) {
				if (this.requested) {
					throw new IllegalStateException("no more requests, please");
				}
				this.requested = true;
				for (int i = 1; i <= n; i++) {
					subscriber.onNext(i);
				}
			}

			@Override
			public void cancel() {
			}

		});
	}

	/** Emits 1, then completes once {@link #gate} opens. */
	public Flow.Publisher<Integer> gated() {
		return (subscriber) -> subscriber.onSubscribe(new Flow.Subscription() {

			private boolean started;

			@Override
			public synchronized void request(long n) {
				if (this.started) {
					return;
				}
				this.started = true;
				subscriber.onNext(1);
				new Thread(() -> {
					try {
						StreamService.this.gate.await();
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
					subscriber.onComplete();
				}).start();
			}

			@Override
			public void cancel() {
			}

		});
	}

	/** A first item Jackson cannot write: its getter throws. */
	public Flux<Object> unwritable() {
		return Flux.just(new ServerEventsTest.Unwritable(), "never");
	}

	public Stream<String> words(int n) {
		return IntStream.rangeClosed(1, n).mapToObj((i) -> "w" + i).onClose(this.streamClosed::countDown);
	}

	public Flux<Integer> flux(int n) {
		return Flux.range(1, n);
	}

	public int add(int a, int b) {
		return a + b;
	}

	/**
	 * Emits 1..n, each item only when requested, on the requesting thread; then completes
	 * or fails; counts a cancel down.
	 */
	static final class Counter implements Flow.Publisher<Integer> {

		private final int n;

		private final RuntimeException failure;

		private final CountDownLatch cancelled;

		private final boolean ends;

		Counter(int n, RuntimeException failure, CountDownLatch cancelled) {
			this(n, failure, cancelled, true);
		}

		private Counter(int n, RuntimeException failure, CountDownLatch cancelled, boolean ends) {
			this.n = n;
			this.failure = failure;
			this.cancelled = cancelled;
			this.ends = ends;
		}

		/** Emits 1..n, then nothing until cancelled. */
		static Counter thenQuiet(int n, CountDownLatch cancelled) {
			return new Counter(n, null, cancelled, false);
		}

		@Override
		public void subscribe(Flow.Subscriber<? super Integer> subscriber) {
			subscriber.onSubscribe(new Flow.Subscription() {

				private long demand;

				private int next = 1;

				private boolean emitting;

				private boolean done;

				@Override
				public synchronized void request(long more) {
					this.demand += more;
					if (this.emitting) {
						return;
					}
					this.emitting = true;
					while (this.demand > 0 && !this.done && this.next <= Counter.this.n) {
						this.demand--;
						subscriber.onNext(this.next++);
					}
					if (!this.done && this.next > Counter.this.n && Counter.this.ends) {
						this.done = true;
						if (Counter.this.failure != null) {
							subscriber.onError(Counter.this.failure);
						}
						else {
							subscriber.onComplete();
						}
					}
					this.emitting = false;
				}

				@Override
				public synchronized void cancel() {
					this.done = true;
					if (Counter.this.cancelled != null) {
						Counter.this.cancelled.countDown();
					}
				}

			});
		}

	}

}
