package dev.socketipc.server;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.channel.socket.ChannelOutputShutdownEvent;

/**
 * Half-close for {@code local:} connections, which Netty's {@code LocalChannel} lacks: a
 * client that is done writing sends {@link ChannelOutputShutdownEvent#INSTANCE} as its
 * last message (it travels in order after the lines before it), and this first handler
 * turns it into the events a socket's shutdown of its write side fires,
 * {@link ChannelInputShutdownEvent} then {@link ChannelInputShutdownReadComplete}, so the
 * connection answers the calls already read and then closes, as over Unix and TCP.
 */
@ChannelHandler.Sharable
final class LocalHalfClose extends ChannelInboundHandlerAdapter {

	static final LocalHalfClose INSTANCE = new LocalHalfClose();

	private LocalHalfClose() {
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (msg == ChannelOutputShutdownEvent.INSTANCE) {
			ctx.fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
			ctx.fireUserEventTriggered(ChannelInputShutdownReadComplete.INSTANCE);
			return;
		}
		ctx.fireChannelRead(msg);
	}

}
