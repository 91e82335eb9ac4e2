package dev.socketipc.client;

import java.time.Instant;

import java.util.function.Supplier;

import io.netty.channel.Channel;

/**
 * Where one {@link IpcConnection} stands between connection attempts: started or not, the
 * channel connecting or connected, whether the server's {@code register} arrived on it,
 * whether the server is unavailable (an attempt failed and none succeeded since), closed,
 * how many attempts failed in a row, and when the next one is scheduled.
 *
 * <p>
 * Thread-safe: each transition is one {@code synchronized} method, so the connection
 * never acts on half of one state and half of another; the two fields read on every call
 * are volatile as well.
 */
final class ConnectionState {

	/** What a call made while no channel is ready does. */
	enum Admission {

		/** A channel became ready: send at once. */
		READY,

		/** The call was parked until the server's {@code register}. */
		PARKED,

		/** The client is closed: fail the call. */
		CLOSED,

		/** The server is unavailable and the call does not wait for it: fail the call. */
		UNAVAILABLE

	}

	private final ReconnectBackoff backoff;

	/** The channel whose {@code register} has arrived; written under the monitor. */
	private volatile Channel readyChannel;

	/** Why the last attempt or connection failed; {@code null} once registered. */
	private volatile Throwable lastFailure;

	/** The channel connecting or connected; guarded by this. */
	private Channel channel;

	/** Guarded by this. */
	private boolean started;

	/** Guarded by this. */
	private boolean closed;

	/**
	 * Whether the last connection attempt failed and none has succeeded since; guarded by
	 * this.
	 */
	private boolean unavailable;

	/** Guarded by this. */
	private int failedAttempts;

	/** When the next attempt is scheduled, {@code null} when none is; guarded by this. */
	private Instant nextAttempt;

	ConnectionState(ReconnectBackoff backoff) {
		this.backoff = backoff;
	}

	/**
	 * Marks the connection started.
	 * @return whether this call started it, and so must make the first attempt
	 */
	synchronized boolean start() {
		if (this.started || this.closed) {
			return false;
		}
		this.started = true;
		return true;
	}

	Channel readyChannel() {
		return this.readyChannel;
	}

	Throwable lastFailure() {
		return this.lastFailure;
	}

	void lastFailure(Throwable cause) {
		this.lastFailure = cause;
	}

	synchronized boolean isClosed() {
		return this.closed;
	}

	synchronized boolean isUnavailable() {
		return this.unavailable;
	}

	/**
	 * Decides what a call made while no channel was ready does; when it may wait, runs
	 * {@code park} before any {@code register} can be taken, so the parked call is sent
	 * by {@link #register}'s caller.
	 */
	synchronized Admission admit(boolean waitForReady, Runnable park) {
		if (this.readyChannel != null) {
			return Admission.READY;
		}
		if (this.closed) {
			return Admission.CLOSED;
		}
		if (this.unavailable && !waitForReady) {
			return Admission.UNAVAILABLE;
		}
		park.run();
		return Admission.PARKED;
	}

	/**
	 * Takes a channel as the current one as it is created, before it connects; ignored
	 * once closed.
	 */
	synchronized void adopt(Channel channel) {
		if (!this.closed) {
			this.channel = channel;
		}
	}

	/**
	 * Tells whether a channel is the current one of an open connection, whose
	 * {@code register} {@link #register} would take.
	 */
	synchronized boolean isCurrent(Channel channel) {
		return !this.closed && channel == this.channel;
	}

	/**
	 * Records that the server's {@code register} arrived on a channel.
	 * @return whether the channel is now the ready one; {@code false} when it is stale or
	 * the connection is closed
	 */
	synchronized boolean register(Channel channel) {
		if (this.closed || channel != this.channel) {
			return false;
		}
		this.failedAttempts = 0;
		this.lastFailure = null;
		this.unavailable = false;
		this.readyChannel = channel;
		return true;
	}

	/**
	 * Records that a channel closed. A channel that never got its {@code register} is a
	 * failed attempt, and what {@code unregisteredFailure} makes becomes the last failure
	 * unless a more precise one was recorded; a lost registered channel is not.
	 * @return whether the channel was the current one
	 */
	synchronized boolean lose(Channel channel, Supplier<Throwable> unregisteredFailure) {
		if (channel != this.channel) {
			return false;
		}
		boolean registered = this.readyChannel == channel;
		if (!registered && !(this.lastFailure instanceof IpcConnectionException)) {
			this.lastFailure = unregisteredFailure.get();
		}
		this.unavailable |= !registered;
		this.channel = null;
		this.readyChannel = null;
		return true;
	}

	/**
	 * Records a failed connection attempt.
	 * @param channel the channel that failed to connect, or {@code null} when none was
	 * created
	 */
	synchronized void attemptFailed(Channel channel, Throwable cause) {
		if (channel != null && this.channel == channel) {
			this.channel = null;
		}
		this.lastFailure = cause;
		this.unavailable = true;
	}

	/**
	 * Returns the delay before the next attempt and counts it.
	 * @return the delay in nanoseconds, or {@code -1} when closed
	 */
	synchronized long nextRetryDelayNanos() {
		if (this.closed) {
			return -1;
		}
		long delay = this.backoff.delayNanos(this.failedAttempts++);
		this.nextAttempt = Instant.now().plusNanos(delay);
		return delay;
	}

	/** Records that the scheduled attempt has begun. */
	synchronized void attemptStarted() {
		this.nextAttempt = null;
	}

	/**
	 * Returns when the next attempt is scheduled.
	 * @return the time, or {@code null} when none is
	 */
	synchronized Instant nextAttempt() {
		return this.nextAttempt;
	}

	/**
	 * Closes the state.
	 * @return whether this call closed it
	 */
	synchronized boolean close() {
		if (this.closed) {
			return false;
		}
		this.closed = true;
		this.nextAttempt = null;
		return true;
	}

	/**
	 * Detaches the current channel, once closed.
	 * @return the channel to close, or {@code null}
	 */
	synchronized Channel detach() {
		Channel current = this.channel;
		this.channel = null;
		this.readyChannel = null;
		return current;
	}

}
