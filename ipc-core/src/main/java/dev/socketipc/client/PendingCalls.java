package dev.socketipc.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import dev.socketipc.protocol.RawJson;
import dev.socketipc.protocol.WireMessage;
import dev.socketipc.transport.IpcAddress;
import dev.socketipc.transport.LogLimiter;
import dev.socketipc.transport.DurationText;
import io.netty.channel.Channel;
import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import io.netty.util.Timer;
import io.netty.util.TimerTask;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The calls of one connection that have not ended: those sent, by {@code rid}, and those
 * parked until the server's {@code register} arrives; ends each one exactly once, by its
 * answer, its timeout or a failure of the connection. A streaming call also gets its
 * {@code next} items routed by {@code rid}, each one restarting its timeout (an idle
 * timeout: an item only records when it came, and the timer, when it fires, runs again
 * for what is left since the last item, as Netty's {@code IdleStateHandler} does). This
 * class is thread-safe: the rid table is concurrent, the parked set is guarded by
 * {@code this}, and each call's future completes once whoever gets there first.
 */
final class PendingCalls {

	/**
	 * The connection's logger: where users configured these messages before the calls had
	 * a class of their own.
	 */
	private static final Logger logger = LoggerFactory.getLogger(IpcConnection.class);

	/**
	 * One timer thread for the timeouts of every connection: scheduling on it is a
	 * lock-free queue insert.
	 */
	private static final Timer TIMER = new HashedWheelTimer(new DefaultThreadFactory("ipc-client-timer", true), 10,
			TimeUnit.MILLISECONDS);

	/**
	 * Answers with a rid this client never sends (a string, say): a hostile server can
	 * send millions.
	 */
	private static final LogLimiter UNSOLICITED_ANSWERS = new LogLimiter(Duration.ofSeconds(10));

	private final IpcAddress address;

	/**
	 * Why the server could not be reached lately, for the message of parked calls that
	 * time out.
	 */
	private final Supplier<Throwable> lastFailure;

	private final Map<Long, Call> sent = new ConcurrentHashMap<>();

	private final AtomicLong rids = new AtomicLong();

	/**
	 * Calls made before the server's {@code register} arrived, in call order; guarded by
	 * {@code this}.
	 */
	private final Set<Call> parked = new LinkedHashSet<>();

	private final Timer timer;

	/**
	 * Counts the unended calls once the connection is retired; {@code null} until then.
	 */
	private volatile IdleWatch idleWatch;

	PendingCalls(IpcAddress address, Supplier<Throwable> lastFailure) {
		this(address, lastFailure, TIMER);
	}

	/** With the timer the timeouts run on: tests fire them by hand. */
	PendingCalls(IpcAddress address, Supplier<Throwable> lastFailure, Timer timer) {
		this.address = address;
		this.lastFailure = lastFailure;
		this.timer = timer;
	}

	/**
	 * Starts a call: its timeout runs from now, whether it is sent, parked or ended at
	 * once.
	 */
	Call start(ClientMethod method, Object[] args, Map<String, String> meta) {
		return start(method, args, meta, null, method.deadlineFromNow(), method.timeoutNanos);
	}

	/**
	 * Starts a call, a streaming one when {@code items} is given: it then receives the
	 * call's {@code next} items, and its result is the final answer's raw {@code data}
	 * ({@code null} when the call was sent with {@code "stream":true}).
	 * @param deadlineNanos when, in {@link System#nanoTime()}, the call times out: its
	 * method's timeout after the proxy call, which an attempt of a balanced call shares
	 * with the attempts before it (a streaming call's first item is awaited until then)
	 */
	Call start(ClientMethod method, Object[] args, Map<String, String> meta, Items items, long deadlineNanos) {
		return start(method, args, meta, items, deadlineNanos, deadlineNanos - System.nanoTime());
	}

	/**
	 * Same as {@link #start(ClientMethod, Object[], Map, Items, long)} with the time left
	 * until the deadline, when the caller knows it without reading the clock again.
	 */
	Call start(ClientMethod method, Object[] args, Map<String, String> meta, Items items, long deadlineNanos,
			long leftNanos) {
		Call call = new Call(this, method, args, meta, items, deadlineNanos - method.timeoutNanos);
		if (items != null) {
			// whoever ends it, a re-armed timer must not keep the call for a timeout more
			call.result.whenComplete((value, failure) -> call.cancelTimeout());
		}
		IdleWatch watch = this.idleWatch;
		if (watch != null) {
			watch.watch(call.result);
		}
		scheduleTimeout(call, leftNanos);
		return call;
	}

	/**
	 * Watches the calls of this connection from now on, the first time it is asked:
	 * {@code hook} then runs each time the last unended one ends (on the thread that
	 * ended it). A call started while this is set may be missed; the pool's leases cover
	 * that window.
	 * @return whether no call is unended now
	 */
	boolean watchIdle(Runnable hook) {
		IdleWatch watch;
		synchronized (this) {
			watch = this.idleWatch;
			if (watch != null) {
				return watch.isIdle();
			}
			watch = new IdleWatch(hook);
			this.idleWatch = watch;
			for (Call call : this.parked) {
				watch.watch(call.result);
			}
		}
		for (Call call : this.sent.values()) {
			watch.watch(call.result);
		}
		return watch.watched();
	}

	private void scheduleTimeout(Call call, long nanos) {
		call.timeoutTask = this.timer.newTimeout(call, nanos, TimeUnit.NANOSECONDS);
	}

	/**
	 * The call's timer fired: a streaming call that got an item since it was armed runs
	 * it again for the rest of the timeout from that item; otherwise the call times out.
	 * A call that ended is never re-armed; one its caller cancelled is forgotten now, so
	 * that a server that never answers it does not keep it in the rid table.
	 */
	private void expire(Call call) {
		if (call.result.isDone()) {
			if (call.result.isCancelled()) {
				forget(call);
			}
			return;
		}
		if (call.items != null) {
			long left = call.lastActivityNanos + call.method.timeoutNanos - System.nanoTime();
			if (left > 0) {
				scheduleTimeout(call, left);
				if (call.result.isDone()) {
					call.cancelTimeout();
				}
				return;
			}
		}
		timeOut(call);
	}

	/** Returns the rid for the next request. */
	long nextRid() {
		return this.rids.incrementAndGet();
	}

	/**
	 * Records a call as sent with a rid, so that its answer finds it.
	 * @return {@code false} when the call ended meanwhile (timed out) and must not be
	 * written
	 */
	boolean sent(long rid, Call call) {
		call.rid = rid;
		this.sent.put(rid, call);
		if (call.result.isDone()) {
			this.sent.remove(rid, call);
			return false;
		}
		return true;
	}

	synchronized void park(Call call) {
		this.parked.add(call);
	}

	/**
	 * Takes the parked calls that a new state ends or releases: every one, or only those
	 * not waiting for ready.
	 */
	synchronized List<Call> unpark(boolean all) {
		List<Call> taken = new ArrayList<>();
		for (Iterator<Call> it = this.parked.iterator(); it.hasNext();) {
			Call call = it.next();
			if (all || !call.method.waitForReady) {
				taken.add(call);
				it.remove();
			}
		}
		return taken;
	}

	/**
	 * Forgets a call that ended on the client's side (a cancelled stream): a late item or
	 * answer for its rid is dropped.
	 */
	void forget(Call call) {
		call.cancelTimeout();
		if (call.rid != 0) {
			this.sent.remove(call.rid, call);
			return;
		}
		synchronized (this) {
			this.parked.remove(call);
		}
	}

	synchronized int parkedCount() {
		return this.parked.size();
	}

	int sentCount() {
		return this.sent.size();
	}

	/**
	 * Ends the sent call an answer is for, with its decoded value or an
	 * {@link IpcRemoteException}.
	 */
	void answer(WireMessage.Answer answer) {
		String code = answer.code();
		String error = answer.error();
		if (!(answer.rid() instanceof Long id)) {
			long suppressed = UNSOLICITED_ANSWERS.tryAcquire();
			if (suppressed >= 0) {
				logger.warn("Ignoring an answer without a rid this client sent from {}: {} {} ({} similar messages "
						+ "suppressed)", this.address, code, abbreviate(error), suppressed);
			}
			return;
		}
		Call call = this.sent.remove(id);
		if (call == null) {
			logger.debug("Dropping a late or unknown answer for rid {} from {}", id, this.address);
			return;
		}
		call.cancelTimeout();
		if (!answer.success()) {
			call.result.completeExceptionally(
					new IpcRemoteException(call.method.wireName, code, (error != null) ? error : "no error message"));
			return;
		}
		if (call.items != null) {
			call.result.complete(call.streamed ? null : answer.data());
			return;
		}
		try {
			call.result.complete(call.method.decode(answer.data()));
		}
		catch (IpcException ex) {
			call.result.completeExceptionally(ex);
		}
	}

	/**
	 * Hands an item to the streaming call of its rid and restarts the call's timeout;
	 * drops an item for a rid that is not streaming (a cancelled call).
	 */
	void next(WireMessage.Next next) {
		Call call = (next.rid() instanceof Long id) ? this.sent.get(id) : null;
		if (call == null || call.items == null) {
			logger.debug("Dropping an item for rid {} from {}, which is not a streaming call", next.rid(),
					this.address);
			return;
		}
		call.lastActivityNanos = System.nanoTime();
		call.items.next(next.data());
	}

	/**
	 * Fails every sent call: the connection is gone, and a request is never resent. A
	 * call whose request the event loop had not written yet (and now never writes) fails
	 * as not sent; every other one as sent, since the server may have run it.
	 */
	void failSent(String reason) {
		for (Call call : this.sent.values()) {
			if (this.sent.remove(call.rid, call)) {
				if (call.abandon()) {
					fail(call, ConnectionFailures.notWritten(this.address, call.method.wireName, reason));
				}
				else {
					fail(call, new IpcConnectionException("IPC call '" + call.method.wireName + "' failed: " + reason
							+ " before the answer came; it was not resent", null, true));
				}
			}
		}
	}

	/**
	 * Fails a call the event loop found it could not write (its channel had closed), as
	 * not sent.
	 */
	void failUnwritten(Call call, String reason) {
		this.sent.remove(call.rid, call);
		fail(call, ConnectionFailures.notWritten(this.address, call.method.wireName, reason));
	}

	/**
	 * Ends a call with a failure, unless it ended already.
	 * @return whether this ended it
	 */
	static boolean fail(Call call, Throwable failure) {
		call.cancelTimeout();
		return call.result.completeExceptionally(failure);
	}

	/** Returns the timer calls time out on, for other deadlines of the client. */
	static Timer timer() {
		return TIMER;
	}

	private void timeOut(Call call) {
		String method = call.method.wireName;
		Duration timeout = call.method.timeout;
		if (call.rid != 0) {
			this.sent.remove(call.rid, call);
			String awaited = (call.items == null) ? "no answer" : "no item or final answer";
			call.result.completeExceptionally(new IpcTimeoutException("IPC call '" + method + "' to " + this.address
					+ " got " + awaited + " within " + DurationText.format(timeout), timeout, null));
			return;
		}
		synchronized (this) {
			this.parked.remove(call);
		}
		Throwable cause = this.lastFailure.get();
		call.result.completeExceptionally(new IpcTimeoutException("IPC call '" + method
				+ "' could not reach the server at " + this.address + " within " + DurationText.format(timeout)
				+ ((cause != null) ? " (last attempt: " + describe(cause) + ")" : ""), timeout, cause));
	}

	static String describe(Throwable cause) {
		return (cause.getMessage() != null) ? cause.getMessage() : cause.getClass().getSimpleName();
	}

	private static String abbreviate(String text) {
		return (text == null || text.length() <= 200) ? text
				: text.substring(0, 200) + "… (" + text.length() + " chars)";
	}

	/** Where a streaming call's items go, on the I/O thread, in order. */
	interface Items {

		/**
		 * One {@code next} item arrived.
		 * @param data the item, {@code null} when absent
		 */
		void next(RawJson data);

	}

	/**
	 * One call that has not ended: its method, its wire arguments, its {@code meta} and
	 * its future, which completes exactly once. Its monitor orders writing the request
	 * before writing a {@code cancel} for it.
	 */
	static final class Call implements TimerTask {

		private static final int UNWRITTEN = 0;

		private static final int WRITTEN = 1;

		private static final int ABANDONED = 2;

		private static final AtomicIntegerFieldUpdater<Call> WRITE_STATE = AtomicIntegerFieldUpdater
			.newUpdater(Call.class, "writeState");

		/**
		 * The calls this one is among, whose timeout it runs as its own timer task: no
		 * task object per call.
		 */
		private final PendingCalls owner;

		final ClientMethod method;

		final Object[] args;

		/** Sent only to a server that accepts it; empty for none. */
		final Map<String, String> meta;

		final CompletableFuture<Object> result = new CompletableFuture<>();

		/** Where a streaming call's items go; {@code null} for an ordinary call. */
		final Items items;

		/** The rid it was sent with, {@code 0} while not sent. */
		volatile long rid;

		/** The channel it was sent on, {@code null} while not sent. */
		volatile Channel channel;

		/** Whether it was sent with {@code "stream":true}. */
		volatile boolean streamed;

		volatile Timeout timeoutTask;

		/**
		 * When the call started or its last {@code next} item came, in
		 * {@link System#nanoTime()}: where a streaming call's idle timeout runs from.
		 */
		volatile long lastActivityNanos;

		/**
		 * {@link #UNWRITTEN}, then {@link #WRITTEN} once the event loop wrote the
		 * request, or {@link #ABANDONED} when the connection failed it first; changed by
		 * {@link #WRITE_STATE} only.
		 */
		private volatile int writeState;

		private Call(PendingCalls owner, ClientMethod method, Object[] args, Map<String, String> meta, Items items,
				long startNanos) {
			this.owner = owner;
			this.method = method;
			this.args = args;
			this.meta = meta;
			this.items = items;
			this.lastActivityNanos = startNanos;
		}

		/**
		 * Marks the request written, on the event loop just before writing it.
		 * @return {@code false} when the call was failed as not sent and must not be
		 * written
		 */
		boolean markWritten() {
			return WRITE_STATE.compareAndSet(this, UNWRITTEN, WRITTEN);
		}

		/**
		 * Marks the request never to be written.
		 * @return {@code true} when it had not been written, so the call fails as not
		 * sent
		 */
		boolean abandon() {
			return WRITE_STATE.compareAndSet(this, UNWRITTEN, ABANDONED);
		}

		/** The call's timer fired. */
		@Override
		public void run(Timeout timeout) {
			this.owner.expire(this);
		}

		void cancelTimeout() {
			Timeout task = this.timeoutTask;
			if (task != null) {
				task.cancel();
			}
		}

	}

}
