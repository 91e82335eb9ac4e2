package dev.socketipc.client;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import dev.socketipc.transport.DurationText;
import dev.socketipc.transport.IpcAddress;
import io.netty.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The failover rules of {@link IpcBalancer}, shared by a balanced proxy's calls
 * ({@link BalancedCall}) and streams ({@link BalancedStream}): which failure is made
 * again on another server, choosing within the call's deadline, and ending each attempt
 * exactly once.
 */
final class Failover {

	private static final Logger logger = LoggerFactory.getLogger(Failover.class);

	private Failover() {
	}

	/**
	 * Tells whether a failed attempt may be made again on another server: an
	 * {@link IpcConnectionException} whose request was never written, or one whose
	 * request was written for an idempotent method, while retries are left. Answers,
	 * remote errors, timeouts and interceptors' exceptions are never retried.
	 * @param failure the attempt's failure, unwrapped
	 * @param method the method called
	 * @param retries the retries made so far
	 * @param balancer the balancer, whose {@link IpcBalancer#maxRetriesOnNextServer()}
	 * bounds them
	 */
	static boolean mayRetry(Throwable failure, ClientMethod method, int retries, IpcBalancer balancer) {
		return failure instanceof IpcConnectionException connection && (!connection.requestSent() || method.idempotent)
				&& retries < balancer.maxRetriesOnNextServer();
	}

	/**
	 * Asks the balancer for the next attempt's connection, failing the stage with an
	 * {@link IpcTimeoutException} when it has not chosen by the deadline; an attempt
	 * chosen after that is ended at once.
	 * @param avoid the addresses tried already
	 */
	static CompletableFuture<IpcBalancer.Attempt> choose(IpcBalancer.Call choices, Set<IpcAddress> avoid,
			ClientMethod method, IpcBalancer balancer, long deadlineNanos) {
		CompletableFuture<IpcBalancer.Attempt> chosen = new CompletableFuture<>();
		CompletionStage<IpcBalancer.Attempt> stage;
		try {
			stage = choices.choose(avoid);
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		if (stage == null) {
			return CompletableFuture.failedFuture(new IpcException(
					"IPC balancer " + balancer.describe() + " returned a null stage for call '" + method.wireName + "'",
					null));
		}
		stage.whenComplete((attempt, failure) -> {
			boolean taken = (failure != null) ? chosen.completeExceptionally(unwrap(failure))
					: chosen.complete(attempt);
			if (!taken && attempt != null) {
				ended(attempt, null, timedOut(method, balancer, null));
			}
		});
		if (!chosen.isDone()) {
			long left = deadlineNanos - System.nanoTime();
			Timeout timer = PendingCalls.timer()
				.newTimeout((task) -> chosen.completeExceptionally(timedOut(method, balancer, null)), Math.max(left, 0),
						TimeUnit.NANOSECONDS);
			chosen.whenComplete((attempt, failure) -> timer.cancel());
		}
		return chosen;
	}

	/** Tells an attempt it ended, logging what its balancer throws. */
	static void ended(IpcBalancer.Attempt attempt, Object result, Throwable failure) {
		try {
			attempt.ended(result, failure);
		}
		catch (RuntimeException ex) {
			logger.warn("IPC balancer attempt {} threw from ended(); ignored", attempt, ex);
		}
	}

	/** The failure of a call for which the balancer had no server at all. */
	static IpcConnectionException noInstance(ClientMethod method, IpcBalancer balancer) {
		return new IpcConnectionException(
				"IPC call '" + method.wireName + "' not sent: no instance of " + balancer.describe() + " is available",
				null, false);
	}

	/** The failure of a call whose timeout passed between attempts or while choosing. */
	static IpcTimeoutException timedOut(ClientMethod method, IpcBalancer balancer, Throwable last) {
		return new IpcTimeoutException(
				"IPC call '" + method.wireName + "' to " + balancer.describe() + " got no answer within "
						+ DurationText.format(method.timeout)
						+ ((last != null) ? " (last attempt: " + PendingCalls.describe(last) + ")" : ""),
				method.timeout, last);
	}

	static Throwable unwrap(Throwable failure) {
		return (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause() : failure;
	}

}
