package dev.socketipc.client;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import dev.socketipc.protocol.WireCodec;
import dev.socketipc.protocol.WireMessage;
import dev.socketipc.protocol.WireNames;
import dev.socketipc.transport.IpcAddress;
import io.netty.channel.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JavaType;

/**
 * The one dispatcher of a connection's events, whatever the idiom that subscribed (a
 * listener, an {@code @IpcTopic} publisher): keeps the subscriptions by topic, sends
 * {@code $subscribe} for each topic on every {@code register} that lists {@code events}
 * and when a topic gets its first subscriber while such a server is registered, sends
 * {@code $unsubscribe} when it loses its last, and hands each event to the subscriptions
 * of its topic. Against a server without {@code events} it sends nothing and warns once
 * per subscription.
 *
 * <p>
 * Thread-safe: changes to the subscriptions and the calls they send are made under
 * {@code this}, so that the {@code $subscribe} and {@code $unsubscribe} of a topic are
 * written in the order decided; events are dispatched from the I/O thread without the
 * lock.
 */
final class TopicSubscriptions {

	static final Logger logger = LoggerFactory.getLogger(IpcConnection.class);

	/** Sends a call of a reserved method on a channel. */
	interface Wire {

		/**
		 * Calls {@code $subscribe} or {@code $unsubscribe} with the topic on the channel.
		 * @return the call's result
		 */
		CompletableFuture<Object> call(Channel channel, String method, String topic);

	}

	private final IpcAddress address;

	private final WireCodec codec;

	private final Wire wire;

	/** Written under {@code this}; read by the I/O thread without it. */
	private final Map<String, List<EventDelivery>> byTopic = new ConcurrentHashMap<>();

	/**
	 * The channel whose {@code register} arrived last, {@code null} when none is up;
	 * guarded by this.
	 */
	private Channel channel;

	/** What that channel's server offered; guarded by this. */
	private ServerOffer offer = ServerOffer.NONE;

	/** Guarded by this. */
	private boolean closed;

	TopicSubscriptions(IpcAddress address, WireCodec codec, Wire wire) {
		this.address = address;
		this.codec = codec;
		this.wire = wire;
	}

	/**
	 * Adds a listener's subscription, after checking what the application passed.
	 */
	EventDelivery subscribe(String topic, JavaType payloadType, Consumer<Object> listener, Executor executor) {
		Objects.requireNonNull(topic, "topic");
		Objects.requireNonNull(payloadType, "payloadType");
		Objects.requireNonNull(listener, "listener");
		Objects.requireNonNull(executor, "executor");
		return add(topic, payloadType, listener, executor, () -> {
		});
	}

	/**
	 * Adds a subscription; subscribes the connection to the topic at once when it is the
	 * topic's first and a server with events is registered.
	 */
	synchronized EventDelivery add(String topic, JavaType payloadType, Consumer<Object> listener, Executor executor,
			Runnable onClose) {
		EventDelivery delivery = new EventDelivery(topic, payloadType, listener, executor, this.codec, this.address,
				this, onClose);
		if (this.closed) {
			delivery.closed();
			return delivery;
		}
		List<EventDelivery> subscribers = this.byTopic.computeIfAbsent(topic, (name) -> new CopyOnWriteArrayList<>());
		subscribers.add(delivery);
		if (this.channel != null) {
			if (!this.offer.events()) {
				warnNoEvents(delivery);
			}
			else if (subscribers.size() == 1) {
				send(this.channel, WireNames.SUBSCRIBE, topic);
			}
		}
		return delivery;
	}

	/**
	 * Removes a cancelled subscription; unsubscribes the connection from the topic when
	 * it was the last one and a server with events is registered.
	 */
	synchronized void remove(EventDelivery delivery) {
		List<EventDelivery> subscribers = this.byTopic.get(delivery.topic());
		if (subscribers == null || !subscribers.remove(delivery) || !subscribers.isEmpty()) {
			return;
		}
		this.byTopic.remove(delivery.topic());
		if (this.channel != null && this.offer.events()) {
			send(this.channel, WireNames.UNSUBSCRIBE, delivery.topic());
		}
	}

	/**
	 * A channel is ready with the server's {@code register}: subscribes it to every topic
	 * that has subscribers, or warns each subscription not warned yet when the server
	 * lists no {@code events}.
	 */
	synchronized void registered(Channel channel, ServerOffer offer) {
		this.channel = channel;
		this.offer = offer;
		for (Map.Entry<String, List<EventDelivery>> entry : this.byTopic.entrySet()) {
			if (offer.events()) {
				send(channel, WireNames.SUBSCRIBE, entry.getKey());
			}
			else {
				entry.getValue().forEach(this::warnNoEvents);
			}
		}
	}

	/** The channel closed: subscriptions wait for the next {@code register}. */
	synchronized void lost(Channel channel) {
		if (this.channel == channel) {
			this.channel = null;
		}
	}

	/** The connection closed for good: every subscription ends. */
	void close() {
		List<EventDelivery> all;
		synchronized (this) {
			this.closed = true;
			this.channel = null;
			all = this.byTopic.values().stream().flatMap(List::stream).toList();
			this.byTopic.clear();
		}
		all.forEach(EventDelivery::closed);
	}

	/** Returns the topics with at least one subscription. */
	List<String> subscribedTopics() {
		return List.copyOf(this.byTopic.keySet());
	}

	/** Hands an event to the subscriptions of its topic; on the I/O thread. */
	void dispatch(WireMessage.Event event) {
		List<EventDelivery> subscribers = this.byTopic.get(event.topic());
		if (subscribers == null) {
			logger.debug("Dropping an event of topic '{}' from {}, which has no subscriber", event.topic(),
					this.address);
			return;
		}
		for (EventDelivery delivery : subscribers) {
			delivery.offer(event.data());
		}
	}

	private void send(Channel channel, String method, String topic) {
		this.wire.call(channel, method, topic).whenComplete((result, failure) -> {
			if (failure instanceof IpcConnectionException) {
				logger.debug("{} of topic '{}' to {} ended with the connection: {}", method, topic, this.address,
						failure.getMessage());
			}
			else if (failure != null) {
				logger.warn("{} of topic '{}' to the server at {} failed: {}", method, topic, this.address,
						failure.getMessage());
			}
		});
	}

	private void warnNoEvents(EventDelivery delivery) {
		if (!delivery.warned) {
			delivery.warned = true;
			logger.warn(
					"The server at {} does not offer events (its register lists no 'events' feature): the "
							+ "subscription to topic '{}' receives nothing from it; calls keep working",
					this.address, delivery.topic());
		}
	}

}
