package dev.socketipc.sample.server;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The clock's publisher, with a short period: ticks only on demand, numbered from 1 for
 * each subscriber, and signals an invalid request as Reactive Streams asks.
 */
@Timeout(30)
class TickPublisherTest {

	private static final Duration PERIOD = Duration.ofMillis(10);

	private final TickPublisher publisher = new TickPublisher(Clock.systemUTC(), PERIOD);

	@Test
	void eachSubscriberGetsTicksNumberedFromOneAsItAsksForThem() throws InterruptedException {
		Recorder first = new Recorder();
		Recorder second = new Recorder();
		this.publisher.subscribe(first);
		this.publisher.subscribe(second);

		first.subscription.request(1);
		assertThat(first.next().seq()).isEqualTo(1);
		first.subscription.request(2);
		second.subscription.request(1);

		assertThat(List.of(first.next().seq(), first.next().seq())).containsExactly(2L, 3L);
		Tick tick = second.next();
		assertThat(tick.seq()).isEqualTo(1);
		assertThat(tick.time()).isNotNull();
		first.subscription.cancel();
		second.subscription.cancel();
		assertThat(first.failure).isNotDone();
	}

	@Test
	void aRequestForNothingFailsTheSubscription() throws Exception {
		Recorder recorder = new Recorder();
		this.publisher.subscribe(recorder);

		recorder.subscription.request(0);

		assertThat(recorder.failure.get(10, TimeUnit.SECONDS)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("3.9");
		assertThat(recorder.ticks).isEmpty();
	}

	private static final class Recorder implements Flow.Subscriber<Tick> {

		private final BlockingQueue<Tick> ticks = new LinkedBlockingQueue<>();

		private final CompletableFuture<Throwable> failure = new CompletableFuture<>();

		private volatile Flow.Subscription subscription;

		Tick next() throws InterruptedException {
			Tick tick = this.ticks.poll(10, TimeUnit.SECONDS);
			assertThat(tick).as("a tick within 10 s").isNotNull();
			return tick;
		}

		@Override
		public void onSubscribe(Flow.Subscription subscription) {
			this.subscription = subscription;
		}

		@Override
		public void onNext(Tick item) {
			this.ticks.add(item);
		}

		@Override
		public void onError(Throwable throwable) {
			this.failure.complete(throwable);
		}

		@Override
		public void onComplete() {
			this.failure.complete(null);
		}

	}

}
