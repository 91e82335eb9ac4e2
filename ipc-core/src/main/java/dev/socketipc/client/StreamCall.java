package dev.socketipc.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Flow;

import dev.socketipc.protocol.RawJson;
import dev.socketipc.protocol.WireCodec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;

/**
 * One subscriber's streaming call: made when the subscriber subscribes, its {@code next}
 * items read as the item type and buffered until the subscriber requests them, ended by
 * the final answer (completion, or the failure an ordinary call would get), by the
 * connection's loss, by its idle timeout or by the subscriber's cancel, which sends
 * {@code cancel} to a server that streams. Against a server that does not stream, the
 * final answer's array is published item by item. A subscriber that falls more than the
 * buffer behind fails the stream, which is cancelled.
 *
 * <p>
 * Thread-safe: items and the answer arrive on the I/O thread, demand and cancel on any;
 * the {@link ItemBuffer} serializes the signals.
 */
final class StreamCall implements PendingCalls.Items {

	private final ClientMethod method;

	private final WireCodec codec;

	private final ItemBuffer<Object> buffer;

	/**
	 * Told when each attempt ends, and may make another on a new connection; {@code null}
	 * for a stream on one connection.
	 */
	private final Attempts attempts;

	/** The connection of the current attempt, {@code null} before the first. */
	private volatile IpcConnection connection;

	private volatile PendingCalls.Call call;

	/** Whether the subscriber cancelled, possibly before any attempt started. */
	private volatile boolean cancelled;

	private StreamCall(WireCodec codec, ClientMethod method, Flow.Subscriber<? super Object> subscriber,
			Attempts attempts) {
		this.method = method;
		this.codec = codec;
		this.attempts = attempts;
		this.buffer = new ItemBuffer<>(subscriber, ItemBuffer.CAPACITY, ItemBuffer.Overflow.REFUSE, this::cancelled);
	}

	/**
	 * Returns a cold publisher of a streaming method's items: each subscriber makes its
	 * own call with the arguments.
	 * @param connection the connection to call on
	 * @param method the method, whose result type is the item type
	 * @param args the wire arguments
	 * @return the publisher
	 */
	static Flow.Publisher<Object> publisher(IpcConnection connection, ClientMethod method, Object[] args) {
		return (subscriber) -> {
			StreamCall stream = new StreamCall(connection.codec(), method, subscriber, null);
			stream.startOn(connection, args, method.deadlineFromNow());
			stream.buffer.start();
		};
	}

	/**
	 * Returns a cold publisher of the items of a method the application names, after
	 * checking what it passed; see {@link IpcConnection#stream}.
	 */
	static Flow.Publisher<Object> publisher(IpcConnection connection, String method, Object[] args, JavaType itemType,
			Duration timeout) {
		Objects.requireNonNull(method, "method");
		Objects.requireNonNull(itemType, "itemType");
		Objects.requireNonNull(timeout, "timeout");
		return publisher(connection, ClientMethod.adHoc(method, itemType, timeout, false, connection.codec()),
				(args != null) ? args : new Object[0]);
	}

	/**
	 * Creates a stream whose attempts are made on connections chosen later, and hands the
	 * subscriber its subscription: the caller starts each attempt with {@link #startOn}
	 * or ends the stream with {@link #fail}.
	 * @param attempts told when each attempt ends
	 * @return the stream
	 */
	static StreamCall subscribe(WireCodec codec, ClientMethod method, Flow.Subscriber<? super Object> subscriber,
			Attempts attempts) {
		StreamCall stream = new StreamCall(codec, method, subscriber, attempts);
		stream.buffer.start();
		return stream;
	}

	/**
	 * Makes the call on a connection, unless the subscriber cancelled.
	 * @param deadlineNanos when the first item is due, in {@link System#nanoTime()}
	 * @return whether the call was made
	 */
	boolean startOn(IpcConnection connection, Object[] args, long deadlineNanos) {
		if (this.cancelled) {
			return false;
		}
		this.connection = connection;
		PendingCalls.Call started = connection.start(this.method, args, Map.of(), this, deadlineNanos);
		this.call = started;
		started.result.whenComplete((value, failure) -> {
			try {
				if (this.attempts == null || !this.attempts.ended(value, failure)) {
					finished(started, value, failure);
				}
			}
			catch (RuntimeException ex) {
				this.buffer.fail(ex, false);
			}
		});
		if (this.cancelled) {
			cancelled();
		}
		return true;
	}

	/** Tells whether the subscriber cancelled. */
	boolean isCancelled() {
		return this.cancelled;
	}

	/** Fails the subscriber of a stream that could not make its call. */
	void fail(Throwable failure) {
		this.buffer.fail(failure, false);
	}

	@Override
	public void next(RawJson data) {
		Object item;
		try {
			item = (data == null || data.isNull()) ? null : this.codec.convert(data, this.method.resultType);
		}
		catch (JacksonException ex) {
			abort(new IpcException("An item of IPC stream '" + this.method.wireName + "' could not be read as "
					+ this.method.resultType.toCanonical() + ": " + this.codec.describe(ex), ex));
			return;
		}
		catch (RuntimeException ex) {
			abort(new IpcException("An item of IPC stream '" + this.method.wireName + "' could not be read as "
					+ this.method.resultType.toCanonical() + ": " + ex, ex));
			return;
		}
		if (item == null) {
			abort(new IpcException("IPC stream '" + this.method.wireName
					+ "' sent a null item, which a Flow.Publisher cannot emit (Reactive Streams §2.13)", null));
		}
		else if (!this.buffer.offer(item)) {
			abort(new IpcException("The subscriber of IPC stream '" + this.method.wireName + "' fell behind by more "
					+ "than " + ItemBuffer.CAPACITY + " items; the stream was cancelled", null));
		}
	}

	/** Fails the subscriber at once and cancels the call. */
	private void abort(IpcException failure) {
		this.buffer.fail(failure, true);
		this.connection.writer().cancel(this.call, failure);
	}

	/** The subscriber cancelled (or requested a non-positive number of items). */
	private void cancelled() {
		this.cancelled = true;
		PendingCalls.Call started = this.call;
		if (started != null) {
			this.connection.writer()
				.cancel(started, new CancellationException("IPC stream '" + this.method.wireName + "' was cancelled"));
		}
	}

	/**
	 * Publishes the final answer of a call made without {@code "stream":true} (to a
	 * server that does not stream): its array item by item, any other value as one item,
	 * {@code null} as none; then completes. A failure fails the subscriber after the
	 * items it was sent.
	 */
	private void finished(PendingCalls.Call ended, Object value, Throwable failure) {
		if (failure instanceof IpcTimeoutException) {
			this.connection.writer().cancel(ended, failure);
		}
		if (failure != null) {
			this.buffer.fail(failure, false);
			return;
		}
		if (value instanceof RawJson answer && !answer.isNull()) {
			List<?> items;
			try {
				items = answer.isArray() ? (List<?>) this.codec.convert(answer, listType())
						: List.of(this.codec.convert(answer, this.method.resultType));
			}
			catch (RuntimeException ex) {
				this.buffer.fail(new IpcException("The answer of IPC stream '" + this.method.wireName
						+ "' could not be read as items of type " + this.method.resultType.toCanonical() + ": "
						+ ((ex instanceof JacksonException jackson) ? this.codec.describe(jackson) : ex.toString()),
						ex), false);
				return;
			}
			if (items.stream().anyMatch(Objects::isNull)) {
				this.buffer.fail(new IpcException(
						"IPC stream '" + this.method.wireName
								+ "' answered a null item, which a Flow.Publisher cannot emit (Reactive Streams §2.13)",
						null), false);
				return;
			}
			this.buffer.offerAll(items);
		}
		this.buffer.complete();
	}

	private JavaType listType() {
		return this.codec.mapper().getTypeFactory().constructCollectionType(List.class, this.method.resultType);
	}

	/** Where the attempts of a balanced stream are told how each one ended. */
	interface Attempts {

		/**
		 * One attempt's call ended; called once per attempt.
		 * @param value the final answer's raw data, {@code null} when streamed or failed
		 * @param failure why it failed, {@code null} when it succeeded
		 * @return whether another attempt was started, so that the subscriber is not
		 * ended
		 */
		boolean ended(Object value, Throwable failure);

	}

}
