package dev.socketipc.benchmarks;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

import dev.socketipc.annotation.IpcMethod;
import dev.socketipc.server.IpcEventPublisher;
import dev.socketipc.server.IpcServerStatistics;

/**
 * The events cell's service, in {@link EventServer}: {@link #eventsStart} starts one
 * thread that publishes {@code {"seq":1}}, {@code {"seq":2}}, ... to the topic
 * {@value #TOPIC} through {@link IpcEventPublisher#publish(String, Object)} as fast as it
 * can, {@link #eventsStop} stops it and says how many it published.
 *
 * <p>
 * With a credit, the publisher stays at most that many events ahead of the slowest
 * subscriber, as each acknowledges with {@link #eventsAck}: with a credit no larger than
 * the server's event buffer no event can be dropped, so the figure is what the server
 * delivers, not what it throws away. Without one (credit 0) it publishes with no regard
 * for its subscribers, and the overflow policy decides what they miss.
 */
public final class EventBench {

	/** The topic the cell publishes to. */
	public static final String TOPIC = "bench";

	private final Object lock = new Object();

	private IpcEventPublisher publisher;

	private IpcServerStatistics statistics;

	private volatile boolean running;

	private volatile Thread thread;

	private volatile AtomicLongArray acknowledged = new AtomicLongArray(0);

	private volatile long published;

	private long droppedAtStart;

	/** Sets where events go; before the server starts. */
	void publishTo(IpcEventPublisher publisher, IpcServerStatistics statistics) {
		this.publisher = publisher;
		this.statistics = statistics;
	}

	/**
	 * Starts publishing from sequence number 1, once every subscriber of the run has
	 * subscribed.
	 * @param subscribers how many connections the run subscribed (each acknowledges under
	 * its index)
	 * @param credit how many events the publisher may be ahead of the slowest
	 * subscriber's acknowledgement; 0 for no limit
	 * @throws IllegalStateException when a publisher is running or the topic has another
	 * number of subscribers
	 */
	public void eventsStart(int subscribers, int credit) {
		synchronized (this.lock) {
			if (this.running) {
				throw new IllegalStateException("eventsStart: a publisher is running; call eventsStop first");
			}
			int subscribed = this.publisher.subscribers(TOPIC);
			if (subscribed != subscribers) {
				throw new IllegalStateException("eventsStart(" + subscribers + ", " + credit + "): " + subscribed
						+ " connection(s) subscribe to '" + TOPIC + "'");
			}
			this.acknowledged = new AtomicLongArray(subscribers);
			this.published = 0;
			this.droppedAtStart = this.statistics.droppedEvents();
			this.running = true;
			Thread publishing = new Thread(() -> publish(credit), "bench-publisher");
			this.thread = publishing;
			publishing.start();
		}
	}

	/**
	 * Records how far one subscriber has read; cheap, on the I/O thread.
	 * @param subscriber its index in the run
	 * @param seq the last sequence number it received
	 */
	@IpcMethod(dispatch = IpcMethod.Dispatch.DIRECT)
	public void eventsAck(int subscriber, long seq) {
		this.acknowledged.accumulateAndGet(subscriber, seq, Math::max);
		Thread publishing = this.thread;
		if (publishing != null) {
			LockSupport.unpark(publishing);
		}
	}

	/**
	 * Stops the publisher.
	 * @return the events published in this run and the events the server's statistics
	 * counted as dropped since {@link #eventsStart}
	 * @throws InterruptedException when interrupted while the publisher stops
	 */
	public long[] eventsStop() throws InterruptedException {
		synchronized (this.lock) {
			Thread publishing = this.thread;
			this.running = false;
			if (publishing != null) {
				LockSupport.unpark(publishing);
				publishing.join();
			}
			this.thread = null;
			return new long[] { this.published, this.statistics.droppedEvents() - this.droppedAtStart };
		}
	}

	private void publish(int credit) {
		long seq = 0;
		long allowed = credit;
		while (this.running) {
			if (credit > 0 && seq >= allowed) {
				allowed = slowest() + credit;
				if (seq >= allowed) {
					LockSupport.parkNanos(100_000);
					continue;
				}
			}
			seq++;
			this.publisher.publish(TOPIC, new Event(seq));
			this.published = seq;
		}
	}

	private long slowest() {
		AtomicLongArray acks = this.acknowledged;
		long min = Long.MAX_VALUE;
		for (int i = 0; i < acks.length(); i++) {
			min = Math.min(min, acks.get(i));
		}
		return (min == Long.MAX_VALUE) ? 0 : min;
	}

	/**
	 * One event's payload.
	 *
	 * @param seq its sequence number, from 1
	 */
	public record Event(long seq) {
	}

}
