package dev.socketipc.client;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * Writes requests from any thread on a channel's event loop and flushes once per burst.
 * Thread-safe: the count of writes in flight is an atomic attribute of the channel.
 */
final class BatchedWrites {

	private static final AttributeKey<AtomicInteger> PENDING_WRITES = AttributeKey.valueOf(BatchedWrites.class,
			"pendingWrites");

	private BatchedWrites() {
	}

	/** Prepares a channel for {@link #write}, before anything can be written to it. */
	static void install(Channel channel) {
		channel.attr(PENDING_WRITES).set(new AtomicInteger());
	}

	/**
	 * Writes on the event loop: every caller's write is a task counted in
	 * {@link #PENDING_WRITES}, and the last task of a burst flushes, so concurrent
	 * callers share one system call and no write is left unflushed. A failed write closes
	 * the channel (the void promise reports it to the pipeline), which fails the pending
	 * calls.
	 */
	static void write(Channel channel, ByteBuf request) {
		write(channel, request, null, null);
	}

	/**
	 * Same as {@link #write(Channel, ByteBuf)} for the request of a call, which is marked
	 * written on the event loop as it is written; a call whose channel closed first (or
	 * whose connection failed it first) is not written, and fails as not sent.
	 */
	static void write(Channel channel, ByteBuf request, PendingCalls.Call call, PendingCalls calls) {
		AtomicInteger pendingWrites = channel.attr(PENDING_WRITES).get();
		pendingWrites.incrementAndGet();
		try {
			channel.eventLoop().execute(() -> {
				if (call == null || writable(channel, request, call, calls)) {
					channel.write(request, channel.voidPromise());
				}
				if (pendingWrites.decrementAndGet() == 0) {
					channel.flush();
				}
			});
		}
		catch (RejectedExecutionException ex) {
			pendingWrites.decrementAndGet();
			request.release();
			if (call != null && call.abandon()) {
				calls.failUnwritten(call, "the connection was closing");
			}
			channel.close();
		}
	}

	/**
	 * Marks a call's request written when its channel is still open, on the event loop:
	 * where the channel's close fails its calls, so either that sees the call written or
	 * this sees the channel closed.
	 */
	private static boolean writable(Channel channel, ByteBuf request, PendingCalls.Call call, PendingCalls calls) {
		if (channel.isActive() && call.markWritten()) {
			return true;
		}
		request.release();
		if (call.abandon()) {
			calls.failUnwritten(call, "the connection closed");
		}
		return false;
	}

}
