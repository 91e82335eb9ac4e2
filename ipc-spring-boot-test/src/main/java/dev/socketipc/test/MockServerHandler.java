package dev.socketipc.test;

import dev.socketipc.protocol.ErrorCode;
import dev.socketipc.protocol.WireCodec;
import dev.socketipc.protocol.WireFormatException;
import dev.socketipc.protocol.WireMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to a {@link MockIpcServer}: reads each line with the core's
 * {@link WireCodec}, answers pings (when posing as a current server) and hands requests
 * to the mock server; a line it cannot read is answered {@code PARSE_ERROR} and recorded
 * as unexpected.
 */
final class MockServerHandler extends ChannelInboundHandlerAdapter {

	private static final Logger logger = LoggerFactory.getLogger(MockServerHandler.class);

	private final MockIpcServer server;

	private final WireCodec codec;

	MockServerHandler(MockIpcServer server, WireCodec codec) {
		this.server = server;
		this.codec = codec;
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) {
		ctx.writeAndFlush(this.server.registerLine(ctx.alloc()));
		ctx.fireChannelActive();
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		ByteBuf line = (ByteBuf) msg;
		WireMessage message;
		try {
			byte[] bytes = ByteBufUtil.getBytes(line);
			message = this.codec.decode(bytes, 0, bytes.length);
		}
		catch (WireFormatException ex) {
			this.server.unreadable(ex.getMessage());
			ctx.writeAndFlush(this.server.errorLine(ctx.alloc(), null, ErrorCode.PARSE_ERROR.name(), ex.getMessage()));
			return;
		}
		finally {
			ReferenceCountUtil.release(line);
		}
		if (message instanceof WireMessage.Request request) {
			this.server.answer(ctx.channel(), request);
		}
		else if (message instanceof WireMessage.Action action && "ping".equals(action.name())
				&& this.server.pose() == MockIpcServer.Pose.CURRENT) {
			ctx.writeAndFlush(this.codec.encodeAction(ctx.alloc(), "pong"));
		}
		else if (message instanceof WireMessage.Invalid invalid) {
			this.server.unreadable(invalid.reason());
			ctx.writeAndFlush(this.server.errorLine(ctx.alloc(), invalid.rid(), ErrorCode.INVALID_REQUEST.name(),
					invalid.reason()));
		}
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		if (cause instanceof TooLongFrameException) {
			this.server.unreadable("a line longer than the mock server reads");
		}
		else {
			logger.debug("Mock IPC server connection failed", cause);
		}
		ctx.close();
	}

}
