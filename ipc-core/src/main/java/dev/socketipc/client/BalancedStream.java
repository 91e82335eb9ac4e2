package dev.socketipc.client;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Flow;

import dev.socketipc.protocol.WireCodec;
import dev.socketipc.transport.IpcAddress;

/**
 * One subscription of a balanced proxy's streaming method: the call goes to one server
 * the balancer chooses and streams from it; a call that could not be written there is
 * made on another server by the rules of {@link IpcBalancer}, before anything was
 * streamed; once written, a lost stream is never made again. Thread-safe for the same
 * reason as {@link BalancedCall}: attempts run one after another.
 */
final class BalancedStream implements StreamCall.Attempts {

	private final IpcBalancer balancer;

	private final IpcBalancer.Call choices;

	private final ClientMethod method;

	private final Object[] args;

	private final long deadlineNanos;

	private final Set<IpcAddress> tried = new HashSet<>();

	private StreamCall stream;

	/** The attempt running now, {@code null} before the first. */
	private IpcBalancer.Attempt attempt;

	private int retries;

	private Throwable lastFailure;

	private BalancedStream(IpcBalancer balancer, IpcBalancer.Call choices, ClientMethod method, Object[] args) {
		this.balancer = balancer;
		this.choices = choices;
		this.method = method;
		this.args = args;
		this.deadlineNanos = method.deadlineFromNow();
	}

	/**
	 * Returns a cold publisher of a streaming method's items: each subscriber's call goes
	 * to the server chosen for it.
	 */
	static Flow.Publisher<Object> publisher(IpcBalancer balancer, WireCodec codec, ClientMethod method, Object[] args) {
		return (subscriber) -> {
			IpcBalancer.Call choices;
			try {
				choices = balancer.newCall(method.wireName);
			}
			catch (RuntimeException ex) {
				StreamCall.subscribe(codec, method, subscriber, null).fail(ex);
				return;
			}
			BalancedStream balanced = new BalancedStream(balancer, choices, method, args);
			balanced.stream = StreamCall.subscribe(codec, method, subscriber, balanced);
			balanced.next();
		};
	}

	private void next() {
		Failover.choose(this.choices, Set.copyOf(this.tried), this.method, this.balancer, this.deadlineNanos)
			.whenComplete(this::chosen);
	}

	private void chosen(IpcBalancer.Attempt chosen, Throwable failure) {
		if (failure != null) {
			this.stream.fail(failure);
			return;
		}
		if (chosen == null) {
			this.stream
				.fail((this.lastFailure != null) ? this.lastFailure : Failover.noInstance(this.method, this.balancer));
			return;
		}
		this.attempt = chosen;
		try {
			IpcConnection connection = chosen.connection();
			this.tried.add(connection.address());
			if (!this.stream.startOn(connection, this.args, this.deadlineNanos)) {
				Failover.ended(chosen, null, new CancellationException(
						"IPC stream '" + this.method.wireName + "' was cancelled before its call was made"));
			}
		}
		catch (RuntimeException ex) {
			this.attempt = null;
			Failover.ended(chosen, null, ex);
			this.stream.fail(ex);
		}
	}

	@Override
	public boolean ended(Object value, Throwable thrown) {
		Throwable failure = (thrown != null) ? Failover.unwrap(thrown) : null;
		Failover.ended(this.attempt, null, failure);
		if (this.stream.isCancelled()) {
			return false;
		}
		boolean notSent = failure instanceof IpcConnectionException connection && !connection.requestSent();
		if (!notSent || !Failover.mayRetry(failure, this.method, this.retries, this.balancer)
				|| this.deadlineNanos - System.nanoTime() <= 0) {
			return false;
		}
		this.retries++;
		this.lastFailure = failure;
		next();
		return true;
	}

}
