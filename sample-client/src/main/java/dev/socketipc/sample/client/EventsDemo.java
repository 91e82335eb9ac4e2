package dev.socketipc.sample.client;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import dev.socketipc.client.IpcException;

/**
 * The events demo ({@code --demo=events}): prints three ticks of the server's
 * {@code clock} topic, then the items of {@code count(3)} as they are streamed.
 */
public class EventsDemo {

	private static final int TICKS = 3;

	private final ClockClient clock;

	private final Duration timeout;

	/**
	 * Creates the demo.
	 * @param clock the client of the sample server's events
	 * @param timeout how long each part may take
	 */
	public EventsDemo(ClockClient clock, Duration timeout) {
		this.clock = clock;
		this.timeout = timeout;
	}

	/**
	 * Runs the demo.
	 * @param out where to print each tick and item
	 * @throws IpcException when the server cannot be reached, a call fails, or a part
	 * does not end within the timeout
	 */
	public void run(PrintStream out) {
		await(Take.first(TICKS, this.clock.ticks(),
				(tick) -> out.println("clock: tick " + tick.seq() + " at " + tick.time())), "three ticks of 'clock'");
		await(Take.all(this.clock.count(TICKS), (item) -> out.println("count(" + TICKS + "): " + item)),
				"count(" + TICKS + ")");
	}

	private void await(CompletableFuture<Void> done, String what) {
		try {
			done.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			done.cancel(false);
			throw new IpcException(what + " did not arrive within " + this.timeout
					+ " (a server without events, such as a seed server, sends none)", null);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof IpcException ipc) {
				throw ipc;
			}
			throw new IpcException(what + " failed: " + ex.getCause(), ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IpcException("interrupted while waiting for " + what, ex);
		}
	}

	/**
	 * Takes items one at a time from a publisher, handing each to a consumer, until it
	 * ends or a given number arrived (then cancels it).
	 */
	private static final class Take<T> implements Flow.Subscriber<T> {

		private final long limit;

		private final Consumer<? super T> consumer;

		private final CompletableFuture<Void> done = new CompletableFuture<>();

		private Flow.Subscription subscription;

		private long taken;

		private Take(long limit, Consumer<? super T> consumer) {
			this.limit = limit;
			this.consumer = consumer;
		}

		static <T> CompletableFuture<Void> first(long count, Flow.Publisher<T> publisher,
				Consumer<? super T> consumer) {
			Take<T> take = new Take<>(count, consumer);
			publisher.subscribe(take);
			return take.done;
		}

		static <T> CompletableFuture<Void> all(Flow.Publisher<T> publisher, Consumer<? super T> consumer) {
			return first(Long.MAX_VALUE, publisher, consumer);
		}

		@Override
		public void onSubscribe(Flow.Subscription subscription) {
			this.subscription = subscription;
			// cancelled by the waiter on its timeout
			this.done.whenComplete((result, failure) -> {
				if (failure != null) {
					subscription.cancel();
				}
			});
			subscription.request(1);
		}

		@Override
		public void onNext(T item) {
			this.consumer.accept(item);
			if (++this.taken == this.limit) {
				this.subscription.cancel();
				this.done.complete(null);
			}
			else {
				this.subscription.request(1);
			}
		}

		@Override
		public void onError(Throwable failure) {
			this.done.completeExceptionally(failure);
		}

		@Override
		public void onComplete() {
			this.done.complete(null);
		}

	}

}
