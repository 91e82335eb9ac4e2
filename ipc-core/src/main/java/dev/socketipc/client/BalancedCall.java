package dev.socketipc.client;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

import dev.socketipc.transport.IpcAddress;

/**
 * One call of a balanced proxy: each attempt goes through the connection the balancer
 * chooses, through the interceptors (which see that connection's address), with the time
 * the call's one timeout has left; a failed attempt is made again on another server by
 * the rules of {@link IpcBalancer} ({@link Failover}). The next attempt, its choice and
 * its interceptors run on the thread that ended the previous one, often an I/O thread.
 *
 * <p>
 * Cancelling the call's future cancels the running attempt's future (so that a request
 * not written yet is never written, as with one connection) and makes no further attempt.
 *
 * <p>
 * Thread-safe: attempts run one after another, each started when the previous one ended,
 * so the fields read and written across them are ordered by the completions in between.
 */
final class BalancedCall {

	private final IpcBalancer balancer;

	private final IpcBalancer.Call choices;

	private final ClientMethod method;

	private final Object[] args;

	private final long deadlineNanos;

	private final CompletableFuture<Object> result = new CompletableFuture<>();

	/** The addresses tried so far. */
	private final Set<IpcAddress> tried = new HashSet<>();

	/** The retries made so far. */
	private int retries;

	/** Why the last attempt failed, {@code null} before any did. */
	private Throwable lastFailure;

	/** The future of the attempt running now, {@code null} before the first. */
	private volatile CompletableFuture<Object> current;

	private BalancedCall(IpcBalancer balancer, IpcBalancer.Call choices, ClientMethod method, Object[] args,
			long deadlineNanos) {
		this.balancer = balancer;
		this.choices = choices;
		this.method = method;
		this.args = args;
		this.deadlineNanos = deadlineNanos;
	}

	/**
	 * Starts a call; its timeout runs from now.
	 * @return the call's future result
	 */
	static CompletableFuture<Object> start(IpcBalancer balancer, ClientMethod method, Object[] args) {
		long deadline = method.deadlineFromNow();
		IpcBalancer.Call choices;
		try {
			choices = balancer.newCall(method.wireName);
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		BalancedCall call = new BalancedCall(balancer, choices, method, args, deadline);
		call.result.whenComplete(call::cancelAttempt);
		call.next();
		return call.result;
	}

	/**
	 * Cancels the running attempt's future when the caller cancelled the call's, as
	 * cancelling a single connection's call does: a request not written yet is then never
	 * written, and no further attempt is made.
	 */
	private void cancelAttempt(Object value, Throwable failure) {
		CompletableFuture<Object> attempt = this.current;
		if (attempt != null && this.result.isCancelled()) {
			attempt.cancel(false);
		}
	}

	private void next() {
		Failover.choose(this.choices, Set.copyOf(this.tried), this.method, this.balancer, this.deadlineNanos)
			.whenComplete(this::chosen);
	}

	private void chosen(IpcBalancer.Attempt attempt, Throwable failure) {
		if (failure != null) {
			this.result.completeExceptionally(failure);
			return;
		}
		if (attempt == null) {
			this.result.completeExceptionally(
					(this.lastFailure != null) ? this.lastFailure : Failover.noInstance(this.method, this.balancer));
			return;
		}
		if (this.result.isDone()) {
			Failover.ended(attempt, null, new CancellationException(
					"IPC call '" + this.method.wireName + "' was cancelled before its attempt was made"));
			return;
		}
		CompletableFuture<Object> outcome;
		try {
			IpcConnection connection = attempt.connection();
			this.tried.add(connection.address());
			outcome = this.method.call(connection, this.args, this.deadlineNanos);
		}
		catch (RuntimeException ex) {
			outcome = CompletableFuture.failedFuture(ex);
		}
		this.current = outcome;
		if (this.result.isCancelled()) {
			outcome.cancel(false);
		}
		outcome.whenComplete((value, ended) -> ended(attempt, value, ended));
	}

	private void ended(IpcBalancer.Attempt attempt, Object value, Throwable thrown) {
		Throwable failure = (thrown != null) ? Failover.unwrap(thrown) : null;
		Failover.ended(attempt, value, failure);
		if (this.result.isDone()) {
			return;
		}
		if (failure == null) {
			this.result.complete(value);
			return;
		}
		if (!Failover.mayRetry(failure, this.method, this.retries, this.balancer)) {
			this.result.completeExceptionally(failure);
			return;
		}
		if (this.deadlineNanos - System.nanoTime() <= 0) {
			this.result.completeExceptionally(Failover.timedOut(this.method, this.balancer, failure));
			return;
		}
		this.retries++;
		this.lastFailure = failure;
		next();
	}

}
