package dev.socketipc.server;

import dev.socketipc.protocol.ErrorCode;
import dev.socketipc.protocol.WireCodec;
import dev.socketipc.transport.LogLimiter;
import dev.socketipc.transport.Transports;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a connection the server will not serve with one error line, then closes it;
 * used past {@code max-connections}.
 */
final class ConnectionRefusal extends ChannelInboundHandlerAdapter {

	private static final Logger logger = LoggerFactory.getLogger(ConnectionRefusal.class);

	private final WireCodec codec;

	private final int maxConnections;

	private final LogLimiter warnings;

	/**
	 * @param warnings limits the warnings of every refused connection of the server
	 */
	ConnectionRefusal(WireCodec codec, int maxConnections, LogLimiter warnings) {
		this.codec = codec;
		this.maxConnections = maxConnections;
		this.warnings = warnings;
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) {
		long suppressed = this.warnings.tryAcquire();
		if (suppressed >= 0) {
			logger.warn(
					"Refusing connection {}: the server already has max-connections ({}) connections ({} similar "
							+ "messages suppressed)",
					Transports.describePeer(ctx.channel()), this.maxConnections, suppressed);
		}
		ctx.writeAndFlush(this.codec.encodeError(ctx.alloc(), null, ErrorCode.OVERLOADED,
				"the server already has its maximum of " + this.maxConnections + " connections; try again later"))
			.addListener(ChannelFutureListener.CLOSE);
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		ReferenceCountUtil.release(msg);
	}

}
