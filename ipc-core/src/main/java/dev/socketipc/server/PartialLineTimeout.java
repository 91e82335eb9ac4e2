package dev.socketipc.server;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.socketipc.transport.LogLimiter;
import dev.socketipc.transport.Transports;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ByteProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection whose current line stays incomplete for longer than the read
 * timeout, so that a peer trickling bytes without a newline (slow-loris) cannot hold a
 * connection and its buffer forever. Time spent while the server itself has stopped
 * reading (backpressure) does not count against the peer.
 */
final class PartialLineTimeout extends ChannelInboundHandlerAdapter {

	private static final Logger logger = LoggerFactory.getLogger(PartialLineTimeout.class);

	private final long timeoutNanos;

	private final LogLimiter warnings;

	private boolean partial;

	private long partialSince;

	private ScheduledFuture<?> check;

	/**
	 * @param warnings limits the warnings of every connection of the server
	 */
	PartialLineTimeout(long timeoutNanos, LogLimiter warnings) {
		this.timeoutNanos = timeoutNanos;
		this.warnings = warnings;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		ByteBuf bytes = (ByteBuf) msg;
		if (bytes.isReadable()) {
			int lastNewline = bytes.forEachByteDesc(ByteProcessor.FIND_LF);
			boolean endsPartial = (lastNewline < 0) || (lastNewline != bytes.writerIndex() - 1);
			if (endsPartial && (!this.partial || lastNewline >= 0)) {
				this.partialSince = System.nanoTime();
				schedule(ctx, this.timeoutNanos);
			}
			this.partial = endsPartial;
		}
		ctx.fireChannelRead(msg);
	}

	private void schedule(ChannelHandlerContext ctx, long delayNanos) {
		if (this.check == null || this.check.isDone()) {
			this.check = ctx.executor().schedule(() -> expire(ctx), delayNanos, TimeUnit.NANOSECONDS);
		}
	}

	private void expire(ChannelHandlerContext ctx) {
		if (!this.partial || !ctx.channel().isActive()) {
			return;
		}
		if (!ctx.channel().config().isAutoRead()) {
			this.partialSince = System.nanoTime();
			schedule(ctx, this.timeoutNanos);
			return;
		}
		long waited = System.nanoTime() - this.partialSince;
		if (waited < this.timeoutNanos) {
			schedule(ctx, this.timeoutNanos - waited);
			return;
		}
		long suppressed = this.warnings.tryAcquire();
		if (suppressed >= 0) {
			logger.warn(
					"Closing connection {}: a line stayed incomplete for longer than read-timeout ({} ms) ({} similar"
							+ " messages suppressed)",
					Transports.describePeer(ctx.channel()), TimeUnit.NANOSECONDS.toMillis(this.timeoutNanos),
					suppressed);
		}
		ctx.close();
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		if (this.check != null) {
			this.check.cancel(false);
		}
		ctx.fireChannelInactive();
	}

}
