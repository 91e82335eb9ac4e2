package dev.socketipc.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@link Flow.Subscriber} that records what it gets and requests what the test says:
 * {@code initialRequest} in {@code onSubscribe}, more with {@link #request(long)}. It
 * also records any signal that breaks the Reactive Streams rules (a signal after the
 * terminal one, signals overlapping).
 */
final class RecordingSubscriber<T> implements Flow.Subscriber<T> {

	private static final Duration WAIT = Duration.ofSeconds(10);

	final List<T> items = new CopyOnWriteArrayList<>();

	final List<String> violations = new CopyOnWriteArrayList<>();

	private final long initialRequest;

	private final CountDownLatch terminated = new CountDownLatch(1);

	private final AtomicInteger inSignal = new AtomicInteger();

	private volatile Flow.Subscription subscription;

	volatile Throwable error;

	volatile boolean completed;

	RecordingSubscriber(long initialRequest) {
		this.initialRequest = initialRequest;
	}

	@Override
	public void onSubscribe(Flow.Subscription subscription) {
		enter();
		this.subscription = subscription;
		if (this.initialRequest != 0) {
			subscription.request(this.initialRequest);
		}
		exit();
	}

	@Override
	public void onNext(T item) {
		enter();
		if (this.terminated.getCount() == 0) {
			this.violations.add("onNext after the end: " + item);
		}
		this.items.add(item);
		exit();
	}

	@Override
	public void onError(Throwable throwable) {
		enter();
		end();
		this.error = throwable;
		this.terminated.countDown();
		exit();
	}

	@Override
	public void onComplete() {
		enter();
		end();
		this.completed = true;
		this.terminated.countDown();
		exit();
	}

	Flow.Subscription subscription() {
		return this.subscription;
	}

	void request(long n) {
		this.subscription.request(n);
	}

	void cancel() {
		this.subscription.cancel();
	}

	/** Waits for onComplete or onError, and checks that no rule was broken. */
	void awaitTermination() throws InterruptedException {
		assertThat(this.terminated.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("terminated").isTrue();
		assertThat(this.violations).isEmpty();
	}

	/** Waits until this many items have arrived. */
	void awaitItems(int count) {
		org.awaitility.Awaitility.await().atMost(WAIT).until(() -> this.items.size() >= count);
	}

	private void end() {
		if (this.terminated.getCount() == 0) {
			this.violations.add("a second terminal signal");
		}
	}

	private void enter() {
		if (this.inSignal.incrementAndGet() != 1) {
			this.violations.add("overlapping signals");
		}
	}

	private void exit() {
		this.inSignal.decrementAndGet();
	}

}
