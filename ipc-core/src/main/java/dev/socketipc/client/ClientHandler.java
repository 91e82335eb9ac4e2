package dev.socketipc.client;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;

import dev.socketipc.protocol.LineReader;
import dev.socketipc.protocol.WireFormatException;
import dev.socketipc.protocol.WireMessage;
import dev.socketipc.transport.LogLimiter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the server's lines on a client connection and hands them to the {@link IpcConnection}.
 */
final class ClientHandler extends ChannelInboundHandlerAdapter {

	private static final Logger logger = LoggerFactory.getLogger(ClientHandler.class);

	private static final String HEARTBEAT = "heartbeat";

	/** A hostile or broken server can send malformed lines without end; one WARN per interval is enough. */
	private static final LogLimiter MALFORMED_LINES = new LogLimiter(Duration.ofSeconds(10));

	/** Failed TLS handshakes and unexpected errors come back on every reconnection attempt. */
	private static final LogLimiter CONNECTION_ERRORS = new LogLimiter(Duration.ofSeconds(10));

	private final IpcConnection connection;

	private final LineReader lines;


	ClientHandler(IpcConnection connection) {
		this.connection = connection;
		this.lines = new LineReader(connection.codec());
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		ByteBuf line = (ByteBuf) msg;
		WireMessage message;
		try {
			if (line.readableBytes() == 0) {
				return;
			}
			message = this.lines.read(line);
		}
		catch (WireFormatException ex) {
			long suppressed = MALFORMED_LINES.tryAcquire();
			if (suppressed >= 0) {
				logger.warn("Ignoring a malformed line from {}: {} ({} similar messages suppressed)",
						this.connection.address(), ex.getMessage(), suppressed);
			}
			return;
		}
		finally {
			line.release();
		}
		if (message instanceof WireMessage.Register register) {
			startHeartbeat(ctx, register.protocol());
			this.connection.onRegister(ctx.channel(), methodNames(register.methods()));
		}
		else if (message instanceof WireMessage.Answer answer) {
			this.connection.onResponse(answer);
		}
		else if (message instanceof WireMessage.Invalid invalid) {
			long suppressed = MALFORMED_LINES.tryAcquire();
			if (suppressed >= 0) {
				logger.warn("Ignoring an invalid message from {}: {} ({} similar messages suppressed)",
						this.connection.address(), invalid.reason(), suppressed);
			}
		}
		else if (!(message instanceof WireMessage.Action action && "pong".equals(action.name()))) {
			logger.debug("Ignoring a message from {} that is neither a register nor a response",
					this.connection.address());
		}
	}

	/**
	 * Pings a server that announced protocol 1 or later whenever the connection has been quiet for the heartbeat
	 * interval, and closes the connection when nothing at all has been read for three intervals: the server is gone.
	 */
	private void startHeartbeat(ChannelHandlerContext ctx, int protocol) {
		Duration interval = this.connection.heartbeatInterval();
		if (interval.isZero() || protocol < 1 || ctx.pipeline().get(HEARTBEAT) != null) {
			return;
		}
		long nanos = interval.toNanos();
		ctx.pipeline().addBefore(ctx.name(), HEARTBEAT, new IdleStateHandler(3 * nanos, 0, nanos, TimeUnit.NANOSECONDS));
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
		if (event instanceof IdleStateEvent idle) {
			if (idle.state() == IdleState.READER_IDLE) {
				logger.warn("Closing the connection to {}: nothing received, not even a pong, for three heartbeat "
						+ "intervals of {}", this.connection.address(), Durations.format(this.connection.heartbeatInterval()));
				this.connection.onHeartbeatLost(ctx.channel());
				ctx.close();
			}
			else if (idle.state() == IdleState.ALL_IDLE) {
				ctx.writeAndFlush(this.connection.codec().encodeAction(ctx.alloc(), "ping"));
			}
			return;
		}
		ctx.fireUserEventTriggered(event);
	}

	private static List<String> methodNames(List<String> methods) {
		return (methods != null) ? methods : List.of();
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		this.connection.onDisconnected(ctx.channel());
		ctx.fireChannelInactive();
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		Throwable tls = (cause instanceof SSLException) ? cause
				: (cause.getCause() instanceof SSLException) ? cause.getCause() : null;
		long suppressed = (tls != null || !(cause instanceof IOException)) ? CONNECTION_ERRORS.tryAcquire() : -1;
		if (tls != null) {
			if (suppressed >= 0) {
				logger.warn("TLS with {} failed: {} ({} similar messages suppressed)", this.connection.address(),
						tls.getMessage(), suppressed);
			}
			this.connection.onConnectionError(new IpcConnectionException(
					"TLS with " + this.connection.address() + " failed: " + tls.getMessage(), tls));
		}
		else if (cause instanceof IOException) {
			logger.debug("Connection to {} failed: {}", this.connection.address(), cause.toString());
		}
		else if (suppressed >= 0) {
			logger.warn("Closing the connection to {} after an unexpected error ({} similar messages suppressed)",
					this.connection.address(), suppressed, cause);
		}
		ctx.close();
	}

}
