package dev.socketipc.client;

import java.io.IOException;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;

import dev.socketipc.protocol.LineReader;
import dev.socketipc.protocol.WireCodec;
import dev.socketipc.protocol.WireFormatException;
import dev.socketipc.protocol.WireMessage;
import dev.socketipc.transport.IpcAddress;
import dev.socketipc.transport.LogLimiter;
import dev.socketipc.transport.Tls;
import dev.socketipc.transport.Transports;
import dev.socketipc.transport.DurationText;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets up a client channel's pipeline, reads the server's lines, runs the heartbeat, and
 * reports what happens to its {@link Listener}: one handler per channel, used on its
 * event loop only.
 */
final class ClientHandler extends ChannelInboundHandlerAdapter {

	private static final Logger logger = LoggerFactory.getLogger(ClientHandler.class);

	private static final String HEARTBEAT = "heartbeat";

	/**
	 * A hostile or broken server can send malformed lines without end; one WARN per
	 * interval is enough.
	 */
	private static final LogLimiter MALFORMED_LINES = new LogLimiter(Duration.ofSeconds(10));

	/**
	 * Failed TLS handshakes and unexpected errors come back on every reconnection
	 * attempt.
	 */
	private static final LogLimiter CONNECTION_ERRORS = new LogLimiter(Duration.ofSeconds(10));

	/**
	 * What a client channel reports to its connection. Called on the channel's event
	 * loop.
	 */
	interface Listener {

		/**
		 * A channel is being set up, before it connects: the server's first line may come
		 * before connect ends.
		 */
		void adopt(Channel channel);

		/**
		 * The server's {@code register} arrived with the methods, protocol and features
		 * it offers.
		 */
		void onRegister(Channel channel, WireMessage.Register register);

		/** An answer arrived. */
		void onAnswer(WireMessage.Answer answer);

		/** An event of a topic arrived. */
		void onEvent(WireMessage.Event event);

		/** An item of a streaming call arrived. */
		void onNext(WireMessage.Next next);

		/**
		 * Why the connection failed or is about to close, for the messages of calls that
		 * fail later.
		 */
		void onConnectionError(Throwable cause);

		/** The channel closed. */
		void onDisconnected(Channel channel);

	}

	/**
	 * The settings a client pipeline is built from.
	 *
	 * @param address the server's address
	 * @param codec reads the lines and writes the pings
	 * @param connectTimeout how long one connection attempt may take
	 * @param maxLineLength the longest line accepted
	 * @param heartbeatInterval the heartbeat interval, {@code 0} for none
	 * @param tls the TLS settings, {@code null} for plaintext
	 * @param allowedServerUids the uids the server may run as, empty for any
	 * @param allowedServerUsers the same, looked up once
	 */
	record Settings(IpcAddress address, WireCodec codec, Duration connectTimeout, int maxLineLength,
			Duration heartbeatInterval, Tls tls, List<Long> allowedServerUids, List<UserPrincipal> allowedServerUsers) {
	}

	private final Settings settings;

	private final Listener listener;

	private final LineReader lines;

	/**
	 * Closes a connection whose server accepted it but sends no {@code register} within
	 * the connect timeout; {@code null} once it came, or before the channel is active.
	 */
	private ScheduledFuture<?> registerTimeout;

	private ClientHandler(Settings settings, Listener listener) {
		this.settings = settings;
		this.listener = listener;
		this.lines = new LineReader(settings.codec());
	}

	/**
	 * Returns a bootstrap that connects to the settings' address with this pipeline.
	 */
	static Bootstrap bootstrap(EventLoopGroup group, Settings settings, Listener listener) {
		Bootstrap bootstrap = new Bootstrap().group(group)
			.channel(Transports.channelType(settings.address(), Transports.transportOf(group)))
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
					(int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis()))
			.handler(initializer(settings, listener));
		if (settings.address() instanceof IpcAddress.Tcp) {
			bootstrap.option(ChannelOption.TCP_NODELAY, true);
		}
		return bootstrap;
	}

	/**
	 * Returns the initializer of client channels: credentials check, TLS, framer, then
	 * this handler.
	 */
	static ChannelInitializer<Channel> initializer(Settings settings, Listener listener) {
		return new ChannelInitializer<>() {
			@Override
			protected void initChannel(Channel channel) {
				listener.adopt(channel);
				if (!settings.allowedServerUids().isEmpty()) {
					channel.pipeline()
						.addLast("credentials", ServerCredentialsCheck.create(settings.address(), listener,
								settings.allowedServerUids(), settings.allowedServerUsers()));
				}
				if (settings.tls() != null) {
					channel.pipeline().addLast("tls", settings.tls().newClientHandler(settings.address()));
				}
				channel.pipeline()
					.addLast("framer", new LineBasedFrameDecoder(settings.maxLineLength(), true, true))
					.addLast("client", new ClientHandler(settings, listener));
			}
		};
	}

	/**
	 * Starts the wait for the server's {@code register}: a server that accepts the
	 * connection and then says nothing (hung, or not an IPC server) would otherwise hold
	 * the connection and its waiting calls until their timeouts, and never be retried.
	 * The connect timeout bounds the whole attempt, TLS handshake and {@code register}
	 * included.
	 */
	@Override
	public void channelActive(ChannelHandlerContext ctx) {
		this.registerTimeout = ctx.executor()
			.schedule(() -> noRegister(ctx), this.settings.connectTimeout().toNanos(), TimeUnit.NANOSECONDS);
		ctx.fireChannelActive();
	}

	private void noRegister(ChannelHandlerContext ctx) {
		if (this.registerTimeout == null || !ctx.channel().isActive()) {
			return;
		}
		this.registerTimeout = null;
		String limit = DurationText.format(this.settings.connectTimeout());
		long suppressed = CONNECTION_ERRORS.tryAcquire();
		if (suppressed >= 0) {
			logger.warn(
					"Closing the connection to {}: it sent no register line within the connect timeout of {}; "
							+ "reconnecting ({} similar messages suppressed)",
					this.settings.address(), limit, suppressed);
		}
		this.listener.onConnectionError(new IpcConnectionException("the server at " + this.settings.address()
				+ " accepted the connection but sent no register line within the connect timeout of " + limit
				+ ((this.settings.tls() != null) ? " (is it an IPC server?)"
						: " (is it an IPC server; does it expect TLS?)"),
				null, false));
		ctx.close();
	}

	private void registerArrived() {
		if (this.registerTimeout != null) {
			this.registerTimeout.cancel(false);
			this.registerTimeout = null;
		}
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		BatchedWrites.readStarted(ctx.channel());
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
						this.settings.address(), ex.getMessage(), suppressed);
			}
			return;
		}
		finally {
			line.release();
		}
		dispatch(ctx, message);
	}

	/**
	 * Flushes the requests that calls started while the burst of lines was read (an async
	 * chain's next calls) wrote: one flush per burst.
	 */
	@Override
	public void channelReadComplete(ChannelHandlerContext ctx) {
		BatchedWrites.readEnded(ctx.channel());
		ctx.fireChannelReadComplete();
	}

	/**
	 * Hands each kind of message to its receiver (answers, events and stream items to the
	 * listener); pongs only count as traffic for the heartbeat.
	 */
	private void dispatch(ChannelHandlerContext ctx, WireMessage message) {
		if (message instanceof WireMessage.Register register) {
			registerArrived();
			startHeartbeat(ctx, register.protocol());
			this.listener.onRegister(ctx.channel(), register);
		}
		else if (message instanceof WireMessage.Answer answer) {
			this.listener.onAnswer(answer);
		}
		else if (message instanceof WireMessage.Event event) {
			this.listener.onEvent(event);
		}
		else if (message instanceof WireMessage.Next next) {
			this.listener.onNext(next);
		}
		else if (message instanceof WireMessage.Invalid invalid) {
			long suppressed = MALFORMED_LINES.tryAcquire();
			if (suppressed >= 0) {
				logger.warn("Ignoring an invalid message from {}: {} ({} similar messages suppressed)",
						this.settings.address(), invalid.reason(), suppressed);
			}
		}
		else if (!(message instanceof WireMessage.Action action && "pong".equals(action.name()))) {
			logger.debug("Ignoring a message from {} that is neither a register, a response, an event nor an item",
					this.settings.address());
		}
	}

	/**
	 * Pings a server that announced protocol 1 or later whenever the connection has been
	 * quiet for the heartbeat interval, and closes the connection when nothing at all has
	 * been read for three intervals: the server is gone.
	 */
	private void startHeartbeat(ChannelHandlerContext ctx, int protocol) {
		Duration interval = this.settings.heartbeatInterval();
		if (interval.isZero() || protocol < 1 || ctx.pipeline().get(HEARTBEAT) != null) {
			return;
		}
		long nanos = interval.toNanos();
		ctx.pipeline()
			.addBefore(ctx.name(), HEARTBEAT, new IdleStateHandler(3 * nanos, 0, nanos, TimeUnit.NANOSECONDS));
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
		if (event instanceof IdleStateEvent idle) {
			if (idle.state() == IdleState.READER_IDLE) {
				String interval = DurationText.format(this.settings.heartbeatInterval());
				logger.warn("Closing the connection to {}: nothing received, not even a pong, for three heartbeat "
						+ "intervals of {}", this.settings.address(), interval);
				this.listener.onConnectionError(new IpcConnectionException("the server at " + this.settings.address()
						+ " stopped answering pings (nothing received for three heartbeat intervals of " + interval
						+ ")", null, false));
				ctx.close();
			}
			else if (idle.state() == IdleState.ALL_IDLE) {
				ctx.writeAndFlush(this.settings.codec().encodeAction(ctx.alloc(), "ping"));
			}
			return;
		}
		ctx.fireUserEventTriggered(event);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		registerArrived();
		this.listener.onDisconnected(ctx.channel());
		ctx.fireChannelInactive();
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		Throwable tls = (cause instanceof SSLException) ? cause
				: (cause.getCause() instanceof SSLException) ? cause.getCause() : null;
		long suppressed = (tls != null || !(cause instanceof IOException)) ? CONNECTION_ERRORS.tryAcquire() : -1;
		if (tls != null) {
			if (suppressed >= 0) {
				logger.warn("TLS with {} failed: {} ({} similar messages suppressed)", this.settings.address(),
						tls.getMessage(), suppressed);
			}
			this.listener.onConnectionError(new IpcConnectionException(
					"TLS with " + this.settings.address() + " failed: " + tls.getMessage(), tls, false));
		}
		else if (cause instanceof IOException) {
			logger.debug("Connection to {} failed: {}", this.settings.address(), cause.toString());
		}
		else if (suppressed >= 0) {
			logger.warn("Closing the connection to {} after an unexpected error ({} similar messages suppressed)",
					this.settings.address(), suppressed, cause);
		}
		ctx.close();
	}

}
