package dev.socketipc.client;

import java.util.Objects;
import java.util.concurrent.Flow;

import tools.jackson.databind.JavaType;

/**
 * The cold publisher an {@code @IpcTopic} client method returns: each subscriber gets its
 * own subscription to the topic on the connection (the connection subscribes once per
 * topic), and receives the events on its demand from a bounded buffer that drops the
 * oldest when it falls behind. Cancelling ends the subscription ({@code $unsubscribe}
 * once no subscriber is left); closing the connection completes the subscriber. Events
 * without {@code data} (or with {@code null}) are skipped: a publisher cannot emit
 * {@code null}. The subscriber's {@link Flow.Subscription} is also an
 * {@link IpcSubscription} whose {@link IpcSubscription#droppedEvents()} counts the events
 * it lost. Signals come on the connection's I/O thread or the thread that requests.
 */
final class TopicPublisher implements Flow.Publisher<Object> {

	private final IpcConnection connection;

	private final String topic;

	private final JavaType payloadType;

	TopicPublisher(IpcConnection connection, String topic, JavaType payloadType) {
		this.connection = connection;
		this.topic = topic;
		this.payloadType = payloadType;
	}

	@Override
	public void subscribe(Flow.Subscriber<? super Object> subscriber) {
		Objects.requireNonNull(subscriber, "subscriber");
		TopicFlowSubscription subscription = new TopicFlowSubscription(this.topic, subscriber);
		ItemBuffer<Object> buffer = subscription.buffer();
		// Runnable::run: the events reach the buffer on the I/O thread as they arrive, so
		// only the buffer holds them and drops the oldest
		IpcSubscription events = this.connection.subscriptions().add(this.topic, this.payloadType, (payload) -> {
			if (payload != null) {
				buffer.offer(payload);
			}
		}, Runnable::run, buffer::complete);
		this.connection.connect();
		subscription.start(events);
	}

	@Override
	public String toString() {
		return "TopicPublisher[" + this.topic + " @ " + this.connection.address() + "]";
	}

}
