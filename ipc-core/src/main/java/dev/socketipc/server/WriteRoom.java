package dev.socketipc.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;

/**
 * How much of a channel's outbound buffer events and stream items may take: half of it,
 * so that they never make the channel unwritable on their own. An unwritable channel
 * stops the connection reading, and a client's calls must still be read and answered
 * while it receives a flood of events.
 */
final class WriteRoom {

	private WriteRoom() {
	}

	/** Tells whether pushed lines may be written now. */
	static boolean hasRoom(Channel channel) {
		return channel.bytesBeforeUnwritable() > channel.config().getWriteBufferHighWaterMark() / 2;
	}

	/**
	 * Flushes, and runs {@code resume} on the event loop once everything written so far
	 * has reached the socket: the writer stopped for room and goes on then. It runs as a
	 * task of its own even when the socket took everything at once, so a writer that
	 * resumes never grows the stack it stopped on.
	 */
	static void flushThen(ChannelHandlerContext ctx, Runnable resume) {
		ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) (future) -> {
			if (future.isSuccess()) {
				ctx.executor().execute(resume);
			}
		});
	}

}
