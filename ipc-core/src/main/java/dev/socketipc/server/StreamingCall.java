package dev.socketipc.server;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.socketipc.protocol.ErrorCode;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;

/**
 * The items of a call that asked for a stream ({@code "stream":true}): one {@code next}
 * line per item, then the final answer. Demand-driven: it requests a window of items,
 * then as many as were written while the channel stays writable, so no more than a window
 * waits beyond what the socket takes.
 *
 * <p>
 * Threads: the publisher signals on its threads, where each item is encoded; lines are
 * written and the final answer given on the event loop, which also requests more and
 * cancels.
 */
final class StreamingCall implements CallStream {

	/** Items requested ahead of the socket. */
	static final int WINDOW = 32;

	private final ServerCall call;

	private final ChannelHandlerContext ctx;

	private final ConnectionStreams streams;

	private final ConcurrentLinkedQueue<ByteBuf> lines = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean drainScheduled = new AtomicBoolean();

	private final Upstream upstream = new Upstream();

	private volatile Throwable failure;

	private volatile Throwable unwritable;

	private volatile boolean terminated;

	/** Answered, cancelled or abandoned; event loop only. */
	private boolean done;

	/** Items written and not requested again yet; event loop only. */
	private long owed;

	StreamingCall(ServerCall call, ChannelHandlerContext ctx, ConnectionStreams streams) {
		this.call = call;
		this.ctx = ctx;
		this.streams = streams;
	}

	@Override
	public void onSubscribe(Flow.Subscription subscription) {
		if (this.upstream.set(subscription)) {
			subscription.request(WINDOW);
		}
	}

	@Override
	public void onNext(Object item) {
		if (this.upstream.isCancelled()) {
			return;
		}
		try {
			this.lines.add(this.call.encodeNext(this.ctx.alloc(), item));
		}
		catch (RuntimeException ex) {
			this.unwritable = ex;
			this.upstream.cancel();
		}
		schedule();
	}

	@Override
	public void onError(Throwable failure) {
		this.failure = failure;
		this.terminated = true;
		schedule();
	}

	@Override
	public void onComplete() {
		this.terminated = true;
		schedule();
	}

	private void schedule() {
		if (this.drainScheduled.compareAndSet(false, true)) {
			try {
				this.ctx.executor().execute(this::drain);
			}
			catch (RejectedExecutionException ex) {
				// the event loop is gone with its connection: nobody will write these
				this.upstream.cancel();
				release();
			}
		}
	}

	private void drain() {
		this.drainScheduled.set(false);
		if (this.done) {
			release();
			return;
		}
		int written = 0;
		ByteBuf line;
		boolean room;
		while ((room = WriteRoom.hasRoom(this.ctx.channel())) && (line = this.lines.poll()) != null) {
			this.ctx.write(line, this.ctx.voidPromise());
			written++;
		}
		if (!room && this.ctx.channel().isActive()) {
			WriteRoom.flushThen(this.ctx, this::drain);
		}
		else if (written > 0) {
			this.ctx.flush();
		}
		if (this.done) {
			return;
		}
		if (this.unwritable != null && this.lines.isEmpty()) {
			// the items before the one that could not be written are written first
			end();
			this.call.answerUnwritable(this.unwritable);
		}
		else if (this.terminated && this.lines.isEmpty()) {
			end();
			this.call.answerWith(null, this.failure);
		}
		else {
			this.owed += written;
			if (this.owed > 0 && room) {
				long more = this.owed;
				this.owed = 0;
				// scheduled, not executed: the event loop runs it after its next I/O, so
				// a producer emitting inside request does not keep the loop from reading
				this.ctx.executor().schedule(() -> request(more), 0, TimeUnit.NANOSECONDS);
			}
		}
	}

	/** Asks the producer for more; one that throws ends the call with that failure. */
	private void request(long more) {
		try {
			this.upstream.request(more);
		}
		catch (RuntimeException ex) {
			this.upstream.cancel();
			onError(ex);
		}
	}

	@Override
	public void writable() {
		if (!this.done && (this.owed > 0 || !this.lines.isEmpty())) {
			drain();
		}
	}

	@Override
	public void cancel() {
		if (this.done) {
			return;
		}
		end();
		this.upstream.cancel();
		this.call.answerError(ErrorCode.CANCELLED,
				"the client cancelled the call to method '" + this.call.method.name() + "'");
	}

	@Override
	public void abandon() {
		if (this.done) {
			return;
		}
		end();
		this.upstream.cancel();
		this.call.ended(IpcServerObserver.CONNECTION_CLOSED);
	}

	private void end() {
		this.done = true;
		this.streams.ended(this.call);
		release();
	}

	private void release() {
		ByteBuf line;
		while ((line = this.lines.poll()) != null) {
			line.release();
		}
	}

}
