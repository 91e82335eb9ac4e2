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
 * {@code null}. Signals come on the connection's I/O thread or the thread that requests.
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
		IpcSubscription[] subscription = new IpcSubscription[1];
		ItemBuffer<Object> buffer = new ItemBuffer<>(subscriber, ItemBuffer.CAPACITY, ItemBuffer.Overflow.DROP_OLDEST,
				() -> subscription[0].cancel());
		subscription[0] = this.connection.subscriptions().add(this.topic, this.payloadType, (payload) -> {
			if (payload != null) {
				buffer.offer(payload);
			}
		}, Runnable::run, buffer::complete);
		this.connection.connect();
		buffer.start();
	}

	@Override
	public String toString() {
		return "TopicPublisher[" + this.topic + " @ " + this.connection.address() + "]";
	}

}
