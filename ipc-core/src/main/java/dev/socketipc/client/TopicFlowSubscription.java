package dev.socketipc.client;

import java.util.concurrent.Flow;

/**
 * What a subscriber of an {@code @IpcTopic} method's {@link Flow.Publisher} gets: its
 * demand and cancel go to the bounded buffer it reads from, and as an
 * {@link IpcSubscription} it reports the events dropped on the way to it, by the
 * connection's subscription and by that buffer, which drops the oldest when the
 * subscriber falls behind. Thread-safe.
 */
final class TopicFlowSubscription implements Flow.Subscription, IpcSubscription {

	private final String topic;

	private final ItemBuffer<Object> buffer;

	/** The connection's subscription, set before the subscriber sees this. */
	private volatile IpcSubscription events;

	TopicFlowSubscription(String topic, Flow.Subscriber<? super Object> subscriber) {
		this.topic = topic;
		this.buffer = new ItemBuffer<>(subscriber, ItemBuffer.CAPACITY, ItemBuffer.Overflow.DROP_OLDEST,
				this::cancelEvents);
	}

	/** Returns the buffer the connection's subscription feeds. */
	ItemBuffer<Object> buffer() {
		return this.buffer;
	}

	/** Tells the subscriber, once the connection's subscription is made. */
	void start(IpcSubscription events) {
		this.events = events;
		this.buffer.start(this);
	}

	private void cancelEvents() {
		IpcSubscription subscription = this.events;
		if (subscription != null) {
			subscription.cancel();
		}
	}

	@Override
	public void request(long n) {
		this.buffer.request(n);
	}

	@Override
	public String topic() {
		return this.topic;
	}

	@Override
	public long droppedEvents() {
		IpcSubscription subscription = this.events;
		return this.buffer.dropped() + ((subscription != null) ? subscription.droppedEvents() : 0);
	}

	@Override
	public void cancel() {
		this.buffer.cancel();
	}

	@Override
	public String toString() {
		return "IpcSubscription[" + this.topic + "]";
	}

}
