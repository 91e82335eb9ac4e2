package dev.socketipc.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * Drives a client (ours or a peer's) with {@code add(1,2,3,4,5)}: blocking calls from a
 * number of threads, or asynchronous calls with a number in flight, each answer checked
 * to be 15. Counts calls per second over a window after a warm-up.
 */
final class ClientLoad {

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

	private ClientLoad() {
	}

	/** A blocking call that returns the sum. */
	@FunctionalInterface
	interface SyncCall {

		int call() throws Exception;

	}

	/**
	 * Starts a call and reports its sum or its failure to one of the callbacks, on any
	 * thread.
	 */
	@FunctionalInterface
	interface AsyncCall {

		void call(IntConsumer onResult, Consumer<Throwable> onFailure);

	}

	/**
	 * Calls from {@code threads} threads, each waiting for its answer before the next
	 * call.
	 * @return calls per second over the window
	 */
	static double sync(String what, int threads, SyncCall call, Duration warmup, Duration window) {
		LongAdder count = new LongAdder();
		AtomicReference<Throwable> failure = new AtomicReference<>();
		CountDownLatch stopped = new CountDownLatch(threads);
		Stop stop = new Stop();
		List<Thread> workers = new ArrayList<>();
		for (int i = 0; i < threads; i++) {
			Thread worker = new Thread(() -> {
				try {
					while (!stop.stop) {
						int sum = call.call();
						if (sum != 15) {
							throw new WrongAnswerException(what + ": add(1,2,3,4,5) returned " + sum);
						}
						count.increment();
					}
				}
				catch (Throwable ex) {
					failure.compareAndSet(null, ex);
					stop.stop = true;
				}
				finally {
					stopped.countDown();
				}
			}, "bench-caller-" + i);
			worker.setDaemon(true);
			workers.add(worker);
		}
		workers.forEach(Thread::start);
		return measure(what, count, failure, stop, stopped, warmup, window);
	}

	/**
	 * Keeps {@code inFlight} asynchronous calls running: each answer starts the next
	 * call.
	 * @return calls per second over the window
	 */
	static double async(String what, int inFlight, AsyncCall call, Duration warmup, Duration window) {
		LongAdder count = new LongAdder();
		AtomicReference<Throwable> failure = new AtomicReference<>();
		CountDownLatch stopped = new CountDownLatch(inFlight);
		Stop stop = new Stop();
		for (int i = 0; i < inFlight; i++) {
			new Chain(what, call, count, failure, stopped, stop).next();
		}
		return measure(what, count, failure, stop, stopped, warmup, window);
	}

	private static double measure(String what, LongAdder count, AtomicReference<Throwable> failure, Stop stop,
			CountDownLatch stopped, Duration warmup, Duration window) {
		try {
			sleepUnlessFailed(warmup, failure);
			long startCount = count.sum();
			long start = System.nanoTime();
			sleepUnlessFailed(window, failure);
			long endCount = count.sum();
			long end = System.nanoTime();
			stop.stop = true;
			if (!stopped.await(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new WrongAnswerException(what + ": calls still unanswered " + STOP_TIMEOUT + " after the window");
			}
			checkFailure(what, failure);
			return (endCount - startCount) / ((end - start) / 1e9);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while measuring " + what, ex);
		}
		finally {
			stop.stop = true;
		}
	}

	private static void sleepUnlessFailed(Duration duration, AtomicReference<Throwable> failure)
			throws InterruptedException {
		long deadline = System.nanoTime() + duration.toNanos();
		long left;
		while ((left = deadline - System.nanoTime()) > 0 && failure.get() == null) {
			TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
		}
	}

	private static void checkFailure(String what, AtomicReference<Throwable> failure) {
		Throwable cause = failure.get();
		if (cause instanceof WrongAnswerException wrong) {
			throw wrong;
		}
		if (cause != null) {
			throw new WrongAnswerException(what + ": a call failed: " + cause);
		}
	}

	private static final class Stop {

		volatile boolean stop;

	}

	/**
	 * One of the in-flight slots: on each answer, checks it and starts the next call
	 * until told to stop.
	 */
	private static final class Chain {

		private final String what;

		private final AsyncCall call;

		private final LongAdder count;

		private final AtomicReference<Throwable> failure;

		private final CountDownLatch stopped;

		private final Stop stop;

		Chain(String what, AsyncCall call, LongAdder count, AtomicReference<Throwable> failure, CountDownLatch stopped,
				Stop stop) {
			this.what = what;
			this.call = call;
			this.count = count;
			this.failure = failure;
			this.stopped = stopped;
			this.stop = stop;
		}

		void next() {
			try {
				this.call.call(this::answered, this::failed);
			}
			catch (RuntimeException ex) {
				failed(ex);
			}
		}

		private void answered(int sum) {
			if (sum != 15) {
				failed(new WrongAnswerException(this.what + ": add(1,2,3,4,5) returned " + sum));
				return;
			}
			this.count.increment();
			if (this.stop.stop) {
				this.stopped.countDown();
			}
			else {
				next();
			}
		}

		private void failed(Throwable cause) {
			this.failure.compareAndSet(null, cause);
			this.stop.stop = true;
			this.stopped.countDown();
		}

	}

}
