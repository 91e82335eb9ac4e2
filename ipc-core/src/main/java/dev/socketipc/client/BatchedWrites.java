package dev.socketipc.client;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * Writes requests from any thread on a channel's event loop and flushes once per burst.
 * One per channel, kept in a channel attribute. Thread-safe: the count of writes in
 * flight is atomic, a call's request is marked written on the event loop, and the read
 * burst's flags are only touched there.
 */
final class BatchedWrites {

	private static final AttributeKey<BatchedWrites> KEY = AttributeKey.valueOf(BatchedWrites.class, "writes");

	private final Channel channel;

	/** The calls of the channel's connection, failed here when never written. */
	private final PendingCalls calls;

	/** The writes queued on the event loop and not yet run. */
	private final AtomicInteger pendingWrites = new AtomicInteger();

	/** Whether the channel's handler is reading a burst of lines; event loop only. */
	private boolean reading;

	/** Whether a write made during the burst waits for its end's flush; loop only. */
	private boolean wroteInRead;

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
	 * Writes at once when on the event loop reading a burst of lines with no write queued
	 * (an async chain starts its next call there), flushed at the burst's end; otherwise
	 * queues the write, the task capturing no more than it must (this, the request, the
	 * call), since one is allocated per call. A queued write is never overtaken: a call's
	 * request stays before its {@code cancel}.
	 */
	private void write(ByteBuf request, PendingCalls.Call call) {
		if (this.channel.eventLoop().inEventLoop() && this.reading && this.pendingWrites.get() == 0) {
			if (call == null || writable(request, call)) {
				this.channel.write(request, this.channel.voidPromise());
				this.wroteInRead = true;
			}
			return;
		}
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

	/**
	 * The channel's handler reads a burst of lines: a call started meanwhile on the event
	 * loop (an async chain's next call, in the callback of the answer just read) is
	 * written at once and flushed at the burst's end. Called on the event loop only.
	 */
	static void readStarted(Channel channel) {
		BatchedWrites writes = channel.attr(KEY).get();
		if (writes != null) {
			writes.reading = true;
		}
	}

	/**
	 * The burst of lines ended: flushes what was written during it. Called on the event
	 * loop only.
	 */
	static void readEnded(Channel channel) {
		BatchedWrites writes = channel.attr(KEY).get();
		if (writes != null && writes.reading) {
			writes.reading = false;
			if (writes.wroteInRead) {
				writes.wroteInRead = false;
				channel.flush();
			}
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
