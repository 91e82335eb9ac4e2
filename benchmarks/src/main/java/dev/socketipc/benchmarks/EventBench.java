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

	private volatile Acknowledged acknowledged = new Acknowledged(-1, new AtomicLongArray(0));

	private volatile long published;

	private long droppedAtStart;

	private volatile RuntimeException failure;

	/** Sets where events go; before the server starts. */
	void publishTo(IpcEventPublisher publisher, IpcServerStatistics statistics) {
		this.publisher = publisher;
		this.statistics = statistics;
	}

	/**
	 * Starts publishing from sequence number 1, once every subscriber of the run has
	 * subscribed.
	 * @param run a number no earlier run used: acknowledgements carry it, so that a late
	 * one from an earlier run's connection cannot open this run's credit
	 * @param subscribers how many connections the run subscribed (each acknowledges under
	 * its index)
	 * @param credit how many events the publisher may be ahead of the slowest
	 * subscriber's acknowledgement; 0 for no limit
	 * @throws IllegalStateException when a publisher is running or the topic has another
	 * number of subscribers
	 */
	public void eventsStart(int run, int subscribers, int credit) {
		synchronized (this.lock) {
			if (this.running) {
				throw new IllegalStateException("eventsStart: a publisher is running; call eventsStop first");
			}
			int subscribed = this.publisher.subscribers(TOPIC);
			if (subscribed != subscribers) {
				throw new IllegalStateException("eventsStart(" + run + ", " + subscribers + ", " + credit + "): "
						+ subscribed + " connection(s) subscribe to '" + TOPIC + "'");
			}
			this.acknowledged = new Acknowledged(run, new AtomicLongArray(subscribers));
			this.published = 0;
			this.failure = null;
			this.droppedAtStart = this.statistics.droppedEvents();
			this.running = true;
			Thread publishing = new Thread(() -> publish(credit), "bench-publisher");
			this.thread = publishing;
			publishing.start();
		}
	}

	/**
	 * Records how far one subscriber has read; cheap, on the I/O thread.
	 * @param run the run, as {@link #eventsStart} was told; another one is ignored
	 * @param subscriber its index in the run
	 * @param seq the last sequence number it received
	 */
	@IpcMethod(dispatch = IpcMethod.Dispatch.DIRECT)
	public void eventsAck(int run, int subscriber, long seq) {
		Acknowledged acknowledged = this.acknowledged;
		if (run != acknowledged.run() || subscriber < 0 || subscriber >= acknowledged.seqs().length()) {
			return;
		}
		acknowledged.seqs().accumulateAndGet(subscriber, seq, Math::max);
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
	 * @throws IllegalStateException when {@code publish} failed
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
			if (this.failure != null) {
				throw new IllegalStateException(
						"eventsStop: publish failed after " + this.published + " event(s): " + this.failure,
						this.failure);
			}
			return new long[] { this.published, this.statistics.droppedEvents() - this.droppedAtStart };
		}
	}

	private void publish(int credit) {
		try {
			publishUntilStopped(credit);
		}
		catch (RuntimeException ex) {
			this.failure = ex;
		}
	}

	private void publishUntilStopped(int credit) {
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
		AtomicLongArray acks = this.acknowledged.seqs();
		long min = Long.MAX_VALUE;
		for (int i = 0; i < acks.length(); i++) {
			min = Math.min(min, acks.get(i));
		}
		return (min == Long.MAX_VALUE) ? 0 : min;
	}

	/**
	 * How far each subscriber of one run has read.
	 *
	 * @param run the run
	 * @param seqs the last sequence number each acknowledged
	 */
	private record Acknowledged(int run, AtomicLongArray seqs) {
	}

	/**
	 * One event's payload.
	 *
	 * @param seq its sequence number, from 1
	 */
	public record Event(long seq) {
	}

}
