package dev.socketipc.server;

import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

import dev.socketipc.protocol.WireCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.EventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's subscription to the publisher of an {@code @IpcTopic} method: each
 * item becomes an event line of the topic in the connection's {@link EventOutbox}.
 * Demand-driven: it requests a window of items, then one more for each line written to
 * the socket, so it never fills the outbox and never causes a drop.
 *
 * <p>
 * Threads: the publisher signals on its own threads; the subscription is requested and
 * cancelled on the event loop only ({@link #onSubscribe} hands it over there).
 */
final class TopicFeed implements Flow.Subscriber<Object> {

	private static final Logger logger = LoggerFactory.getLogger(TopicFeed.class);

	/** Items requested ahead of the socket. */
	static final int WINDOW = 16;

	private final String topic;

	private final EventOutbox outbox;

	private final WireCodec codec;

	private final EventExecutor eventLoop;

	/** Event loop only. */
	private Flow.Subscription subscription;

	/** Written on the event loop, read by the publisher's threads. */
	private volatile boolean cancelled;

	/** Set when the publisher completed or failed. */
	private volatile boolean ended;

	/** Lines written since the last request; event loop only. */
	private int written;

	TopicFeed(String topic, EventOutbox outbox, WireCodec codec, EventExecutor eventLoop) {
		this.topic = topic;
		this.outbox = outbox;
		this.codec = codec;
		this.eventLoop = eventLoop;
	}

	@Override
	public void onSubscribe(Flow.Subscription subscription) {
		this.eventLoop.execute(() -> {
			if (this.cancelled || this.subscription != null) {
				subscription.cancel();
				return;
			}
			this.subscription = subscription;
			subscription.request(WINDOW);
		});
	}

	@Override
	public void onNext(Object item) {
		if (this.cancelled) {
			return;
		}
		ByteBuf line;
		try {
			line = this.codec.encodeEvent(ByteBufAllocator.DEFAULT, this.topic, item);
		}
		catch (RuntimeException ex) {
			logger.warn("An event of topic '{}' could not be written as JSON; its publisher is cancelled for {}",
					this.topic, this.outbox.peer().address(), ex);
			this.eventLoop.execute(this::cancel);
			return;
		}
		this.outbox.offerFeed(line, this);
	}

	@Override
	public void onError(Throwable failure) {
		this.ended = true;
		logger.warn("The publisher of topic '{}' failed for {}; the connection gets no more of its events", this.topic,
				this.outbox.peer().address(), failure);
	}

	@Override
	public void onComplete() {
		this.ended = true;
		logger.debug("The publisher of topic '{}' completed for {}", this.topic, this.outbox.peer().address());
	}

	/**
	 * A line of this feed was written: request another, in batches, in a task scheduled
	 * rather than executed: the event loop runs scheduled tasks after its next I/O, so a
	 * publisher that emits inside {@code request}, as fast as it is asked, still lets the
	 * loop read its connections between windows. Event loop.
	 */
	void written() {
		if (this.cancelled || this.subscription == null) {
			return;
		}
		if (++this.written >= WINDOW / 2) {
			int more = this.written;
			this.written = 0;
			this.eventLoop.schedule(() -> request(more), 0, TimeUnit.NANOSECONDS);
		}
	}

	private void request(int more) {
		if (this.cancelled) {
			return;
		}
		try {
			this.subscription.request(more);
		}
		catch (RuntimeException ex) {
			logger.warn("The publisher of topic '{}' threw from request({}); it is cancelled for {}", this.topic, more,
					this.outbox.peer().address(), ex);
			cancel();
		}
	}

	/**
	 * Tells whether the feed gives no more items: its publisher completed or failed, or
	 * it was cancelled (also for an item that could not be encoded or a throwing
	 * {@code request}).
	 */
	boolean isOver() {
		return this.ended || this.cancelled;
	}

	/** Cancels the publisher's subscription, now or once it arrives. Event loop. */
	void cancel() {
		if (this.cancelled) {
			return;
		}
		this.cancelled = true;
		if (this.subscription != null) {
			this.subscription.cancel();
		}
	}

}
