package dev.socketipc.server;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;

/**
 * The end of a connection's input (the peer shut down its write side): nothing more will
 * be read, and the connection closes as soon as every call read is answered, or has what
 * is left answered once the shutdown timeout passed. Confined to the event loop.
 */
final class InputEnd {

	private final ChannelHandlerContext ctx;

	private final Duration timeout;

	private boolean ended;

	private ScheduledFuture<?> deadline;

	InputEnd(ChannelHandlerContext ctx, Duration timeout) {
		this.ctx = ctx;
		this.timeout = timeout;
	}

	/**
	 * The input ended: closes now when every call is answered, else runs
	 * {@code atDeadline} after the timeout.
	 * @return {@code false} when it had ended already
	 */
	boolean end(boolean answered, Runnable atDeadline) {
		if (this.ended) {
			return false;
		}
		this.ended = true;
		if (!closeIfAnswered(answered)) {
			this.deadline = this.ctx.executor().schedule(atDeadline, this.timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		return true;
	}

	/**
	 * Closes the connection once its input ended and every call is answered.
	 * @return whether it closes
	 */
	boolean closeIfAnswered(boolean answered) {
		if (!this.ended || !answered) {
			return false;
		}
		this.ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
		return true;
	}

	/** The connection closed: the deadline is moot. */
	void cancel() {
		if (this.deadline != null) {
			this.deadline.cancel(false);
		}
	}

}
