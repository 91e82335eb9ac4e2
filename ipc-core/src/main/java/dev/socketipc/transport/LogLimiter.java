package dev.socketipc.transport;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Lets one message of a kind through per interval and counts the ones it holds back, so
 * that a peer that keeps misbehaving cannot flood the log: use one limiter per kind of
 * message, shared by every connection.
 *
 * <pre>{@code
 * long suppressed = LIMITER.tryAcquire();
 * if (suppressed >= 0) {
 *     logger.warn("Unsolicited answer from {} ({} similar messages suppressed)", peer, suppressed);
 * }
 * }</pre>
 *
 * <p>
 * This class is thread-safe.
 */
public final class LogLimiter {

	private final long intervalNanos;

	private final LongSupplier clock;

	/**
	 * When the next message may pass, in {@link #clock} nanoseconds;
	 * {@code Long.MIN_VALUE} before the first.
	 */
	private final AtomicLong nextAllowed = new AtomicLong(Long.MIN_VALUE);

	private final AtomicLong suppressed = new AtomicLong();

	/**
	 * Creates a limiter that lets one message pass per interval.
	 * @param interval the interval, positive
	 */
	public LogLimiter(Duration interval) {
		this(interval, System::nanoTime);
	}

	LogLimiter(Duration interval, LongSupplier clock) {
		if (interval == null || interval.isNegative() || interval.isZero()) {
			throw new IllegalArgumentException("interval must be positive, got " + DurationText.format(interval));
		}
		this.intervalNanos = interval.toNanos();
		this.clock = clock;
	}

	/**
	 * Asks to log one message.
	 * @return {@code -1} when the message must be dropped; otherwise how many messages
	 * were dropped since the last one that passed (to mention in this one)
	 */
	public long tryAcquire() {
		long now = this.clock.getAsLong();
		long next = this.nextAllowed.get();
		if (next != Long.MIN_VALUE && now - next < 0) {
			this.suppressed.incrementAndGet();
			return -1;
		}
		if (!this.nextAllowed.compareAndSet(next, now + this.intervalNanos)) {
			this.suppressed.incrementAndGet();
			return -1;
		}
		return this.suppressed.getAndSet(0);
	}

}
