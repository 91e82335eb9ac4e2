package dev.socketipc.client;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

import dev.socketipc.protocol.RawJson;
import dev.socketipc.protocol.WireCodec;
import dev.socketipc.transport.IpcAddress;
import dev.socketipc.transport.LogLimiter;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;

/**
 * One listener's subscription to a topic: the events of the topic wait in a bounded queue
 * (the oldest dropped and counted when the listener falls behind) and reach the listener
 * in order, one at a time, on its executor, each read as the payload type there.
 * Thread-safe: the queue is guarded by {@code this}; one drain task runs at a time.
 */
final class EventDelivery implements IpcSubscription {

	/** How many events wait for a listener at most. */
	static final int CAPACITY = 1024;

	/** A listener that throws may do so for every event. */
	private static final LogLimiter LISTENER_FAILURES = new LogLimiter(Duration.ofSeconds(10));

	/** A server may send payloads that do not convert without end. */
	private static final LogLimiter UNREADABLE_EVENTS = new LogLimiter(Duration.ofSeconds(10));

	/** An executor that refuses may do so for every event. */
	private static final LogLimiter REFUSALS = new LogLimiter(Duration.ofSeconds(10));

	/** Stands for an event without {@code data} in the queue. */
	private static final Object NO_DATA = new Object();

	private final String topic;

	private final JavaType payloadType;

	private final Consumer<Object> listener;

	private final Executor executor;

	private final WireCodec codec;

	private final IpcAddress address;

	private final TopicSubscriptions owner;

	/** What to do when the connection closes for good: end a publisher's subscriber. */
	private final Runnable onClose;

	/** Guarded by this. */
	private final ArrayDeque<Object> queue = new ArrayDeque<>();

	/** Whether a drain task is scheduled or running; guarded by this. */
	private boolean draining;

	/** Guarded by this. */
	private long dropped;

	private volatile boolean cancelled;

	/** Whether the seed-server warning was logged; guarded by the owner. */
	boolean warned;

	EventDelivery(String topic, JavaType payloadType, Consumer<Object> listener, Executor executor, WireCodec codec,
			IpcAddress address, TopicSubscriptions owner, Runnable onClose) {
		this.topic = topic;
		this.payloadType = payloadType;
		this.listener = listener;
		this.executor = executor;
		this.codec = codec;
		this.address = address;
		this.owner = owner;
		this.onClose = onClose;
	}

	@Override
	public String topic() {
		return this.topic;
	}

	@Override
	public synchronized long droppedEvents() {
		return this.dropped;
	}

	@Override
	public void cancel() {
		if (!this.cancelled) {
			this.cancelled = true;
			synchronized (this) {
				this.queue.clear();
			}
			this.owner.remove(this);
		}
	}

	/** The connection closed: nothing more will come. */
	void closed() {
		this.cancelled = true;
		synchronized (this) {
			this.queue.clear();
		}
		this.onClose.run();
	}

	/** Queues an event's payload and makes sure a drain task runs; on the I/O thread. */
	void offer(RawJson data) {
		synchronized (this) {
			if (this.cancelled) {
				return;
			}
			if (this.queue.size() >= CAPACITY) {
				this.queue.pollFirst();
				this.dropped++;
			}
			this.queue.addLast((data != null) ? data : NO_DATA);
			if (this.draining) {
				return;
			}
			this.draining = true;
		}
		try {
			this.executor.execute(this::drain);
		}
		catch (RejectedExecutionException ex) {
			synchronized (this) {
				this.draining = false;
			}
			warn(REFUSALS, "The executor of a listener to topic '{}' of {} refused its events: {}", ex.toString());
		}
	}

	private void drain() {
		while (true) {
			Object next;
			synchronized (this) {
				next = this.queue.pollFirst();
				if (next == null) {
					this.draining = false;
					return;
				}
			}
			if (!this.cancelled) {
				deliver((next != NO_DATA) ? (RawJson) next : null);
			}
		}
	}

	private void deliver(RawJson data) {
		Object payload;
		try {
			payload = (data == null || data.isNull()) ? null : this.codec.convert(data, this.payloadType);
		}
		catch (JacksonException ex) {
			warn(UNREADABLE_EVENTS, "Ignoring an event of topic '{}' from {}: {}",
					"its data could not be read as " + this.payloadType.toCanonical() + ": " + this.codec.describe(ex));
			return;
		}
		catch (RuntimeException ex) {
			warn(UNREADABLE_EVENTS, "Ignoring an event of topic '{}' from {}: {}",
					"its data could not be read as " + this.payloadType.toCanonical() + ": " + ex);
			return;
		}
		try {
			this.listener.accept(payload);
		}
		catch (RuntimeException ex) {
			warn(LISTENER_FAILURES, "A listener to topic '{}' of {} threw: {}", ex.toString());
		}
	}

	private void warn(LogLimiter limiter, String format, String reason) {
		long suppressed = limiter.tryAcquire();
		if (suppressed >= 0) {
			TopicSubscriptions.logger.warn(format + " ({} similar messages suppressed)", this.topic, this.address,
					reason, suppressed);
		}
	}

	@Override
	public String toString() {
		return "IpcSubscription[" + this.topic + " @ " + this.address + "]";
	}

}
