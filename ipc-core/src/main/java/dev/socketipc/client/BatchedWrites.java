package dev.socketipc.client;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * Writes requests from any thread on a channel's event loop and flushes once per burst.
 * One per channel, kept in a channel attribute. Thread-safe: the count of writes in
 * flight is atomic, and a call's request is marked written on the event loop.
 */
final class BatchedWrites {

	private static final AttributeKey<BatchedWrites> KEY = AttributeKey.valueOf(BatchedWrites.class, "writes");

	private final Channel channel;

	/** The calls of the channel's connection, failed here when never written. */
	private final PendingCalls calls;

	/** The writes queued on the event loop and not yet run. */
	private final AtomicInteger pendingWrites = new AtomicInteger();

	private BatchedWrites(Channel channel, PendingCalls calls) {
		this.channel = channel;
		this.calls = calls;
	}

	/**
	 * Prepares a channel for {@link #write}, before anything can be written to it.
	 * @param calls the calls of the channel's connection
	 */
	static void install(Channel channel, PendingCalls calls) {
		channel.attr(KEY).set(new BatchedWrites(channel, calls));
	}

	/**
	 * Writes on the event loop: every caller's write is a task counted in
	 * {@link #pendingWrites}, and the last task of a burst flushes, so concurrent callers
	 * share one system call and no write is left unflushed. A failed write closes the
	 * channel (the void promise reports it to the pipeline), which fails the pending
	 * calls.
	 */
	static void write(Channel channel, ByteBuf request) {
		channel.attr(KEY).get().write(request, null);
	}

	/**
	 * Same as {@link #write(Channel, ByteBuf)} for the request of a call, which is marked
	 * written on the event loop as it is written; a call whose channel closed first (or
	 * whose connection failed it first) is not written, and fails as not sent.
	 */
	static void write(Channel channel, ByteBuf request, PendingCalls.Call call) {
		channel.attr(KEY).get().write(request, call);
	}

	/**
	 * Queues the write; the task captures no more than it must (this, the request, the
	 * call), since one is allocated per call.
	 */
	private void write(ByteBuf request, PendingCalls.Call call) {
		this.pendingWrites.incrementAndGet();
		try {
			this.channel.eventLoop().execute(() -> run(request, call));
		}
		catch (RejectedExecutionException ex) {
			this.pendingWrites.decrementAndGet();
			request.release();
			if (call != null && call.abandon()) {
				this.calls.failUnwritten(call, "the connection was closing");
			}
			this.channel.close();
		}
	}

	private void run(ByteBuf request, PendingCalls.Call call) {
		if (call == null || writable(request, call)) {
			this.channel.write(request, this.channel.voidPromise());
		}
		if (this.pendingWrites.decrementAndGet() == 0) {
			this.channel.flush();
		}
	}

	/**
	 * Marks a call's request written when its channel is still open, on the event loop:
	 * where the channel's close fails its calls, so either that sees the call written or
	 * this sees the channel closed.
	 */
	private boolean writable(ByteBuf request, PendingCalls.Call call) {
		if (this.channel.isActive() && call.markWritten()) {
			return true;
		}
		request.release();
		if (call.abandon()) {
			this.calls.failUnwritten(call, "the connection closed");
		}
		return false;
	}

}
