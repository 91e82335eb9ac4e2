package dev.socketipc.sample.server;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ticks at each whole period of a clock while its one subscriber is subscribed. A tick
 * for which the subscriber has no demand left is skipped (a clock does not wait), so the
 * numbers a subscriber receives always count up by one. Ticks are scheduled one after the
 * other on the JDK's shared delayed executor: no thread is held between ticks, none is
 * left once cancelled.
 */
final class TickPublisher implements Flow.Publisher<Tick> {

	private final Clock clock;

	private final Duration period;

	TickPublisher(Clock clock, Duration period) {
		this.clock = clock;
		this.period = period;
	}

	@Override
	public void subscribe(Flow.Subscriber<? super Tick> subscriber) {
		Ticking ticking = new Ticking(subscriber);
		subscriber.onSubscribe(ticking);
		ticking.scheduleNext();
	}

	/**
	 * One subscriber's ticks. Only the tick task calls the subscriber after
	 * {@code onSubscribe}, one tick after the other, so its calls never overlap.
	 */
	private final class Ticking implements Flow.Subscription {

		private final Flow.Subscriber<? super Tick> subscriber;

		private final AtomicLong demand = new AtomicLong();

		private volatile boolean cancelled;

		/** The first request for fewer than one tick, or {@code null}. */
		private volatile Long invalidRequest;

		private long seq;

		Ticking(Flow.Subscriber<? super Tick> subscriber) {
			this.subscriber = subscriber;
		}

		@Override
		public void request(long n) {
			if (n <= 0) {
				// Reactive Streams rule 3.9: signalled by the next tick, never beside it
				if (this.invalidRequest == null) {
					this.invalidRequest = n;
				}
				return;
			}
			this.demand.accumulateAndGet(n,
					(current, added) -> (current + added < 0) ? Long.MAX_VALUE : current + added);
		}

		@Override
		public void cancel() {
			this.cancelled = true;
		}

		void scheduleNext() {
			long periodMillis = TickPublisher.this.period.toMillis();
			long delay = periodMillis - Math.floorMod(TickPublisher.this.clock.millis(), periodMillis);
			Executor later = CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS);
			later.execute(this::tick);
		}

		private void tick() {
			if (this.cancelled) {
				return;
			}
			if (this.invalidRequest != null) {
				this.cancelled = true;
				this.subscriber.onError(new IllegalArgumentException(
						"Reactive Streams rule 3.9: request(" + this.invalidRequest + ") must ask for at least 1"));
				return;
			}
			if (this.demand.getAndUpdate((current) -> (current > 0) ? current - 1 : 0) > 0) {
				this.subscriber
					.onNext(new Tick(++this.seq, TickPublisher.this.clock.instant().truncatedTo(ChronoUnit.SECONDS)));
			}
			scheduleNext();
		}

	}

}
