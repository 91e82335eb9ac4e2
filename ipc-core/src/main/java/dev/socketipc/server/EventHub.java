package dev.socketipc.server;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.socketipc.protocol.WireCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import tools.jackson.core.JacksonException;

/**
 * The server's {@link IpcEventPublisher}: the topics it lists, and per topic the outboxes
 * of the connections subscribed to it. An event is encoded once, on the caller's thread,
 * and its bytes shared by every subscriber's outbox. Lives as long as the server (across
 * restarts); connections add and remove their outboxes. This class is thread-safe: a
 * topic's subscribers are a copy-on-write array, read without a lock.
 */
final class EventHub implements IpcEventPublisher {

	private static final EventOutbox[] NONE = new EventOutbox[0];

	private final WireCodec codec;

	private final List<String> topics;

	private final Map<String, Subscribers> subscribers;

	/** The {@code @IpcTopic} methods by topic; never modified. */
	private final Map<String, ServiceMethod> topicMethods;

	final int bufferSize;

	final EventOverflow overflow;

	EventHub(WireCodec codec, List<String> topics, Map<String, ServiceMethod> topicMethods, int bufferSize,
			EventOverflow overflow) {
		this.codec = codec;
		this.topics = List.copyOf(topics);
		this.topicMethods = Map.copyOf(topicMethods);
		this.bufferSize = bufferSize;
		this.overflow = overflow;
		Map<String, Subscribers> byTopic = new LinkedHashMap<>();
		for (String topic : this.topics) {
			byTopic.put(topic, new Subscribers());
		}
		this.subscribers = Map.copyOf(byTopic);
	}

	/** A hub without topics, for servers built without a builder (tests, benchmark). */
	static EventHub none(WireCodec codec) {
		return new EventHub(codec, List.of(), Map.of(), IpcServerBuilder.DEFAULT_EVENT_BUFFER_SIZE,
				IpcServerBuilder.DEFAULT_EVENT_OVERFLOW);
	}

	List<String> topics() {
		return this.topics;
	}

	/** Tells whether the server lists the topic. */
	boolean lists(String topic) {
		return this.subscribers.containsKey(topic);
	}

	/** The {@code @IpcTopic} method feeding a topic, {@code null} when none does. */
	ServiceMethod topicMethod(String topic) {
		return this.topicMethods.get(topic);
	}

	void subscribe(String topic, EventOutbox outbox) {
		this.subscribers.get(topic).add(outbox);
	}

	void unsubscribe(String topic, EventOutbox outbox) {
		this.subscribers.get(topic).remove(outbox);
	}

	/** The outboxes subscribed to a topic now, for tests. */
	List<EventOutbox> outboxes(String topic) {
		return List.of(of(topic).outboxes);
	}

	@Override
	public int publish(String topic, Object payload) {
		EventOutbox[] targets = of(topic).outboxes;
		if (targets.length == 0) {
			return 0;
		}
		ByteBuf line = encode(topic, payload);
		int last = targets.length - 1;
		int queued = 0;
		for (int i = 0; i < last; i++) {
			if (targets[i].offer(line.retainedDuplicate())) {
				queued++;
			}
		}
		return targets[last].offer(line) ? queued + 1 : queued;
	}

	@Override
	public boolean publish(IpcPeer peer, String topic, Object payload) {
		for (EventOutbox outbox : of(topic).outboxes) {
			if (outbox.peer() == peer) {
				return outbox.offer(encode(topic, payload));
			}
		}
		return false;
	}

	@Override
	public int subscribers(String topic) {
		return of(topic).outboxes.length;
	}

	private Subscribers of(String topic) {
		Subscribers found = (topic != null) ? this.subscribers.get(topic) : null;
		if (found == null) {
			throw new IllegalArgumentException("Topic '" + topic + "' is not one of the server's topics " + this.topics
					+ "; declare it with ipc.server.topics (IpcServerBuilder.topic) or an @IpcTopic method");
		}
		return found;
	}

	private ByteBuf encode(String topic, Object payload) {
		try {
			return this.codec.encodeEvent(ByteBufAllocator.DEFAULT, topic, payload);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("The payload of an event of topic '" + topic
					+ "' cannot be written as JSON: " + ex.getOriginalMessage(), ex);
		}
	}

	/** A topic's subscribed outboxes, copied on write. */
	private static final class Subscribers {

		volatile EventOutbox[] outboxes = NONE;

		synchronized void add(EventOutbox outbox) {
			EventOutbox[] current = this.outboxes;
			for (EventOutbox existing : current) {
				if (existing == outbox) {
					return;
				}
			}
			EventOutbox[] grown = Arrays.copyOf(current, current.length + 1);
			grown[current.length] = outbox;
			this.outboxes = grown;
		}

		synchronized void remove(EventOutbox outbox) {
			EventOutbox[] current = this.outboxes;
			for (int i = 0; i < current.length; i++) {
				if (current[i] == outbox) {
					EventOutbox[] shrunk = new EventOutbox[current.length - 1];
					System.arraycopy(current, 0, shrunk, 0, i);
					System.arraycopy(current, i + 1, shrunk, i, current.length - i - 1);
					this.outboxes = shrunk;
					return;
				}
			}
		}

	}

}
