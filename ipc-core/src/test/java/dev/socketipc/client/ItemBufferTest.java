package dev.socketipc.client;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Reactive Streams rules {@link ItemBuffer} keeps for the client's publishers:
 * demand, serial signals, §3.9, idempotent cancel, terminal signals after the buffered
 * items, and the two overflow policies.
 */
class ItemBufferTest {

	private final AtomicInteger cancels = new AtomicInteger();

	@Test
	void nothingReachesTheSubscriberBeforeOnSubscribeReturnsAndItemsFollowDemand() throws Exception {
		RecordingSubscriber<Integer> subscriber = new RecordingSubscriber<>(1);
		ItemBuffer<Integer> buffer = buffer(subscriber, 8, ItemBuffer.Overflow.REFUSE);
		buffer.offer(1);
		buffer.offer(2);
		buffer.complete();
		assertThat(subscriber.items).isEmpty();

		buffer.start();

		assertThat(subscriber.items).containsExactly(1);
		assertThat(subscriber.completed).isFalse();
		subscriber.request(1);
		subscriber.awaitTermination();
		assertThat(subscriber.items).containsExactly(1, 2);
		assertThat(subscriber.completed).isTrue();
	}

	@Test
	void aNonPositiveRequestFailsWithIllegalArgumentExceptionAndStopsTheProducer() throws Exception {
		RecordingSubscriber<Integer> subscriber = new RecordingSubscriber<>(0);
		ItemBuffer<Integer> buffer = buffer(subscriber, 8, ItemBuffer.Overflow.REFUSE);
		buffer.start();
		buffer.offer(1);

		subscriber.request(-1);

		subscriber.awaitTermination();
		assertThat(subscriber.error).isInstanceOf(IllegalArgumentException.class)
			.hasMessage("Reactive Streams §3.9: request(n) must be called with a positive n, not -1");
		assertThat(subscriber.items).isEmpty();
		assertThat(this.cancels).hasValue(1);
	}

	@Test
	void cancelIsIdempotentAndSilencesEverySignal() {
		RecordingSubscriber<Integer> subscriber = new RecordingSubscriber<>(Long.MAX_VALUE);
		ItemBuffer<Integer> buffer = buffer(subscriber, 8, ItemBuffer.Overflow.REFUSE);
		buffer.start();
		buffer.offer(1);

		subscriber.cancel();
		subscriber.cancel();
		buffer.offer(2);
		buffer.fail(new IllegalStateException("late"), false);

		assertThat(this.cancels).hasValue(1);
		assertThat(subscriber.items).containsExactly(1);
		assertThat(subscriber.error).isNull();
		assertThat(subscriber.completed).isFalse();
	}

	@Test
	void aFailureFollowsTheBufferedItemsUnlessItDiscardsThem() throws Exception {
		RecordingSubscriber<Integer> kept = new RecordingSubscriber<>(0);
		ItemBuffer<Integer> keeping = buffer(kept, 8, ItemBuffer.Overflow.REFUSE);
		keeping.start();
		keeping.offer(1);
		keeping.fail(new IllegalStateException("after 1"), false);
		assertThat(kept.error).isNull();
		kept.request(1);
		kept.awaitTermination();
		assertThat(kept.items).containsExactly(1);
		assertThat(kept.error).hasMessage("after 1");

		RecordingSubscriber<Integer> discarded = new RecordingSubscriber<>(0);
		ItemBuffer<Integer> discarding = buffer(discarded, 8, ItemBuffer.Overflow.REFUSE);
		discarding.start();
		discarding.offer(1);
		discarding.fail(new IllegalStateException("at once"), true);
		discarded.awaitTermination();
		assertThat(discarded.items).isEmpty();
		assertThat(discarded.error).hasMessage("at once");
		assertThat(this.cancels).hasValue(0);
	}

	@Test
	void aFullBufferRefusesOrDropsTheOldest() {
		RecordingSubscriber<Integer> refused = new RecordingSubscriber<>(0);
		ItemBuffer<Integer> refusing = buffer(refused, 2, ItemBuffer.Overflow.REFUSE);
		refusing.start();
		assertThat(List.of(refusing.offer(1), refusing.offer(2), refusing.offer(3))).containsExactly(true, true, false);

		RecordingSubscriber<Integer> dropped = new RecordingSubscriber<>(0);
		ItemBuffer<Integer> dropping = buffer(dropped, 2, ItemBuffer.Overflow.DROP_OLDEST);
		dropping.start();
		assertThat(List.of(dropping.offer(1), dropping.offer(2), dropping.offer(3))).containsExactly(true, true, true);
		dropped.request(5);
		assertThat(dropped.items).containsExactly(2, 3);
		assertThat(dropping.dropped()).isOne();
	}

	@Test
	void signalsStaySerialWhenItemsAndRequestsComeFromManyThreads() throws Exception {
		RecordingSubscriber<Integer> subscriber = new RecordingSubscriber<>(0);
		ItemBuffer<Integer> buffer = buffer(subscriber, 100_000, ItemBuffer.Overflow.REFUSE);
		buffer.start();
		ExecutorService threads = Executors.newFixedThreadPool(4);
		CountDownLatch start = new CountDownLatch(1);
		try {
			threads.submit(() -> {
				start.await();
				for (int i = 0; i < 20_000; i++) {
					buffer.offer(i);
				}
				buffer.complete();
				return null;
			});
			for (int t = 0; t < 3; t++) {
				threads.submit(() -> {
					start.await();
					for (int i = 0; i < 10_000; i++) {
						subscriber.request(1);
					}
					return null;
				});
			}
			start.countDown();
			subscriber.awaitTermination();
		}
		finally {
			threads.shutdownNow();
			threads.awaitTermination(10, TimeUnit.SECONDS);
		}
		assertThat(subscriber.items).hasSize(20_000).isSorted();
		assertThat(subscriber.completed).isTrue();
	}

	@Test
	void aSubscriberThatThrowsFromOnNextIsCancelled() {
		List<Integer> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
		Flow.Subscriber<Integer> throwing = new Flow.Subscriber<>() {

			@Override
			public void onSubscribe(Flow.Subscription subscription) {
				subscription.request(Long.MAX_VALUE);
			}

			@Override
			public void onNext(Integer item) {
				seen.add(item);
				throw new IllegalStateException("broken subscriber");
			}

			@Override
			public void onError(Throwable throwable) {
				seen.add(-1);
			}

			@Override
			public void onComplete() {
				seen.add(-2);
			}

		};
		ItemBuffer<Integer> buffer = buffer(throwing, 8, ItemBuffer.Overflow.REFUSE);
		buffer.start();

		buffer.offer(1);
		buffer.offer(2);
		buffer.complete();

		assertThat(seen).containsExactly(1);
		assertThat(this.cancels).hasValue(1);
	}

	private <T> ItemBuffer<T> buffer(Flow.Subscriber<? super T> subscriber, int capacity,
			ItemBuffer.Overflow overflow) {
		return new ItemBuffer<>(subscriber, capacity, overflow, this.cancels::incrementAndGet);
	}

}
