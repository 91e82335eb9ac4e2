package dev.socketipc.client;

import java.util.HashSet;
import java.util.Set;
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
		call.next();
		return call.result;
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
		CompletableFuture<Object> outcome;
		try {
			IpcConnection connection = attempt.connection();
			this.tried.add(connection.address());
			outcome = this.method.call(connection, this.args, this.deadlineNanos);
		}
		catch (RuntimeException ex) {
			outcome = CompletableFuture.failedFuture(ex);
		}
		outcome.whenComplete((value, ended) -> ended(attempt, value, ended));
	}

	private void ended(IpcBalancer.Attempt attempt, Object value, Throwable thrown) {
		Throwable failure = (thrown != null) ? Failover.unwrap(thrown) : null;
		Failover.ended(attempt, value, failure);
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
