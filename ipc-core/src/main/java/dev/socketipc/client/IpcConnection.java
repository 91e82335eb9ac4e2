package dev.socketipc.client;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.socketipc.protocol.ErrorCode;
import dev.socketipc.protocol.WireCodec;
import dev.socketipc.protocol.WireMessage;
import dev.socketipc.transport.IpcAddress;
import dev.socketipc.transport.Tls;
import dev.socketipc.transport.Transports;
import dev.socketipc.transport.DurationText;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JavaType;

/**
 * One multiplexed connection to an IPC server, shared by every proxy that calls that
 * server: connects, reconnects, tells when it is ready, writes requests, and closes.
 *
 * <p>
 * Calls carry a {@code rid} unique on the connection, so any number of threads may call
 * at once and each gets its own answer, in whatever order the server sends them. The
 * connection waits for the server's {@code register} before sending, keeps the method
 * list current, and reconnects with jittered exponential backoff when the server goes
 * away; calls pending when the connection drops fail at once and are never resent. This
 * class is thread-safe: the connection state is guarded by {@code lock}, the calls are
 * kept by {@link PendingCalls}.
 */
public final class IpcConnection implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(IpcConnection.class);

	/** Default longest answer line accepted, in bytes. */
	public static final int DEFAULT_MAX_LINE_LENGTH = 16 * 1024 * 1024;

	/** Default time one connection attempt may take. */
	public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

	/** Default heartbeat interval: none. */
	public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ZERO;

	private final IpcAddress address;

	private final WireCodec codec;

	private final EventLoopGroup group;

	private final boolean ownsGroup;

	private final Duration connectTimeout;

	private final ReconnectBackoff backoff;

	private final ClientHandler.Settings pipeline;

	private final PendingCalls calls;

	private final Object lock = new Object();

	private volatile Channel readyChannel;

	private volatile List<String> methods = List.of();

	private volatile Set<String> offered = Set.of();

	private volatile Throwable lastFailure;

	/**
	 * Whether the last connection attempt failed and none has succeeded since; guarded by
	 * {@link #lock}.
	 */
	private boolean unavailable;

	/** The channel connecting or connected; guarded by {@link #lock}. */
	private Channel channel;

	/** Guarded by {@link #lock}. */
	private boolean started;

	/** Guarded by {@link #lock}. */
	private boolean closed;

	/** Guarded by {@link #lock}. */
	private int failedAttempts;

	private IpcConnection(Builder builder) {
		this.address = Objects.requireNonNull(builder.address, "address");
		this.codec = (builder.codec != null) ? builder.codec : WireCodec.create();
		this.ownsGroup = builder.group == null;
		this.group = this.ownsGroup ? Transports.newEventLoopGroup(1, "ipc-client", true) : builder.group;
		this.connectTimeout = builder.connectTimeout;
		this.backoff = builder.backoff;
		this.pipeline = new ClientHandler.Settings(this.address, this.codec, builder.maxLineLength,
				builder.heartbeatInterval, builder.tls, builder.allowedServerUids,
				ServerCredentialsCheck.lookUp(builder.allowedServerUids));
		this.calls = new PendingCalls(this.address, () -> this.lastFailure);
	}

	/**
	 * Starts building a connection to the given server.
	 * @param address where the server listens
	 * @return a new builder
	 */
	public static Builder builder(IpcAddress address) {
		return new Builder(address);
	}

	/**
	 * Returns the server's address.
	 * @return the address
	 */
	public IpcAddress address() {
		return this.address;
	}

	WireCodec codec() {
		return this.codec;
	}

	/**
	 * Tells whether the connection is up and the server's {@code register} has arrived.
	 * @return {@code true} when calls are sent at once
	 */
	public boolean isReady() {
		return this.readyChannel != null;
	}

	/**
	 * Returns the methods the server listed in its last {@code register}.
	 * @return the method names, empty before the first {@code register}
	 */
	public List<String> methods() {
		return this.methods;
	}

	/**
	 * Returns the number of calls sent and not yet answered, failed or timed out.
	 * @return the pending calls
	 */
	public int pendingCalls() {
		return this.calls.sentCount();
	}

	/**
	 * Returns the number of calls waiting for the server's {@code register}, not yet
	 * sent.
	 */
	int waitingCalls() {
		return this.calls.parkedCount();
	}

	/**
	 * Starts connecting, if not already started; returns at once. Failed attempts are
	 * retried with backoff until the connection is closed.
	 */
	public void connect() {
		synchronized (this.lock) {
			if (this.started || this.closed) {
				return;
			}
			this.started = true;
		}
		attempt();
	}

	/**
	 * Calls a method, failing fast while the server is unavailable. Same as
	 * {@link #call(String, Object[], JavaType, Duration, boolean)} without
	 * wait-for-ready.
	 * @param method the method's wire name
	 * @param args the arguments, varargs already spread
	 * @param resultType the Java type of {@code data}
	 * @param timeout how long to wait for the answer, connecting included
	 * @return the future result
	 */
	public CompletableFuture<Object> call(String method, Object[] args, JavaType resultType, Duration timeout) {
		return call(method, args, resultType, timeout, false);
	}

	/**
	 * Calls a method. Never blocks: the future completes with the converted {@code data},
	 * or fails with an {@link IpcRemoteException}, {@link IpcTimeoutException},
	 * {@link IpcConnectionException} or, when the answer cannot be converted, an
	 * {@link IpcException}; it always completes, at the latest when the timeout passes.
	 * It completes on an I/O thread, so dependent stages that may block should use an
	 * {@code *Async} variant.
	 *
	 * <p>
	 * A call made before the server's {@code register} has arrived waits for it while a
	 * connection attempt is in progress. Once an attempt has failed, and until one
	 * succeeds, the server is unavailable: calls then fail at once with an
	 * {@link IpcConnectionException} (as do the waiting ones when an attempt fails),
	 * unless {@code waitForReady} is set, in which case they wait for the server until
	 * their timeout.
	 * @param method the method's wire name
	 * @param args the arguments, varargs already spread
	 * @param resultType the Java type of {@code data}
	 * @param timeout how long to wait for the answer, connecting included
	 * @param waitForReady whether to wait for an unavailable server rather than fail at
	 * once
	 * @return the future result
	 */
	public CompletableFuture<Object> call(String method, Object[] args, JavaType resultType, Duration timeout,
			boolean waitForReady) {
		return call(ClientMethod.adHoc(method, resultType, timeout, waitForReady, this.codec), args);
	}

	/**
	 * Makes a call of a parsed method with its wire arguments; see
	 * {@link #call(String, Object[], JavaType, Duration, boolean)}.
	 */
	CompletableFuture<Object> call(ClientMethod method, Object[] args) {
		if (isClosed()) {
			return CompletableFuture.failedFuture(closedFailure(method.wireName));
		}
		PendingCalls.Call call = this.calls.start(method, args);
		Channel channel = this.readyChannel;
		if (channel == null) {
			connect();
			channel = waitForServer(call);
		}
		if (channel != null) {
			send(channel, call);
		}
		return call.result;
	}

	/**
	 * Parks a call until the server's {@code register} arrives, or ends it when the
	 * client is closed or the server is unavailable and the call does not wait for it.
	 * @return the channel to send on at once, or {@code null} when the call was parked or
	 * ended
	 */
	private Channel waitForServer(PendingCalls.Call call) {
		Throwable failure;
		synchronized (this.lock) {
			if (this.readyChannel != null) {
				return this.readyChannel;
			}
			if (this.closed) {
				failure = closedFailure(call.method.wireName);
			}
			else if (this.unavailable && !call.method.waitForReady) {
				failure = unavailableFailure(call.method.wireName);
			}
			else {
				this.calls.park(call);
				return null;
			}
		}
		PendingCalls.fail(call, failure);
		return null;
	}

	private IpcConnectionException closedFailure(String method) {
		return new IpcConnectionException(
				"IPC call '" + method + "' not sent: the client for " + this.address + " is closed", null);
	}

	private IpcConnectionException unavailableFailure(String method) {
		Throwable cause = this.lastFailure;
		return new IpcConnectionException("IPC call '" + method + "' not sent: the server at " + this.address
				+ " is unavailable" + ((cause != null) ? " (last attempt: " + PendingCalls.describe(cause) + ")" : "")
				+ "; the client keeps reconnecting in the background, and a call made with wait-for-ready waits for it",
				cause);
	}

	private boolean isClosed() {
		synchronized (this.lock) {
			return this.closed;
		}
	}

	private void send(Channel channel, PendingCalls.Call call) {
		if (call.result.isDone()) {
			return;
		}
		String method = call.method.wireName;
		if (!this.offered.contains(method)) {
			PendingCalls.fail(call, new IpcRemoteException(method, ErrorCode.METHOD_NOT_FOUND,
					MethodNotFound.describe(this.address, method, this.methods)));
			return;
		}
		long rid = this.calls.nextRid();
		ByteBuf request;
		try {
			request = call.method.encode(channel.alloc(), rid, call.args);
		}
		catch (IpcException ex) {
			PendingCalls.fail(call, ex);
			return;
		}
		if (!this.calls.sent(rid, call)) {
			request.release();
			return;
		}
		BatchedWrites.write(channel, request);
	}

	private void registered(Channel channel, List<String> names) {
		this.methods = List.copyOf(names);
		this.offered = Set.copyOf(names);
		synchronized (this.lock) {
			if (this.closed || channel != this.channel) {
				return;
			}
			this.failedAttempts = 0;
			this.lastFailure = null;
			this.unavailable = false;
			this.readyChannel = channel;
		}
		logger.debug("Connected to {}, which offers {} methods", this.address, names.size());
		for (PendingCalls.Call call : this.calls.unpark(true)) {
			send(channel, call);
		}
	}

	private void disconnected(Channel channel) {
		synchronized (this.lock) {
			if (channel != this.channel) {
				return;
			}
			boolean registered = this.readyChannel == channel;
			if (!registered && !(this.lastFailure instanceof IpcConnectionException)) {
				this.lastFailure = new IpcConnectionException(
						"the server at " + this.address + " closed the connection before sending its register message"
								+ ((this.pipeline.tls() != null) ? "" : " (does it expect TLS?)"),
						null);
			}
			// A connection that never got its register is a failed attempt; a lost
			// registered one is not.
			this.unavailable |= !registered;
			this.channel = null;
			this.readyChannel = null;
		}
		failUnavailableWaiting();
		this.calls.failSent("the connection to " + this.address + " was lost");
		scheduleRetry();
	}

	private void attempt() {
		Bootstrap bootstrap = new Bootstrap().group(this.group)
			.channel(Transports.channelType(this.address))
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
					(int) Math.min(Integer.MAX_VALUE, this.connectTimeout.toMillis()))
			.handler(ClientHandler.initializer(this.pipeline, new Events()));
		if (this.address instanceof IpcAddress.Tcp) {
			bootstrap.option(ChannelOption.TCP_NODELAY, true);
		}
		ChannelFuture connecting;
		try {
			connecting = bootstrap.connect(this.address.socketAddress());
		}
		catch (RuntimeException ex) {
			onAttemptFailed(ex);
			return;
		}
		connecting.addListener((ChannelFuture future) -> {
			if (!future.isSuccess()) {
				synchronized (this.lock) {
					if (this.channel == future.channel()) {
						this.channel = null;
					}
				}
				onAttemptFailed(future.cause());
				return;
			}
			boolean closeNow;
			synchronized (this.lock) {
				closeNow = this.closed;
			}
			if (closeNow) {
				future.channel().close();
			}
		});
	}

	private void onAttemptFailed(Throwable cause) {
		this.lastFailure = cause;
		synchronized (this.lock) {
			this.unavailable = true;
		}
		logger.debug("Could not connect to {}: {}", this.address, PendingCalls.describe(cause));
		failUnavailableWaiting();
		scheduleRetry();
	}

	/**
	 * Fails the parked calls that do not wait for ready, once the server is known to be
	 * unavailable.
	 */
	private void failUnavailableWaiting() {
		boolean unavailable;
		synchronized (this.lock) {
			unavailable = this.unavailable;
		}
		if (unavailable) {
			for (PendingCalls.Call call : this.calls.unpark(false)) {
				PendingCalls.fail(call, unavailableFailure(call.method.wireName));
			}
		}
	}

	private void scheduleRetry() {
		long delay;
		synchronized (this.lock) {
			if (this.closed) {
				return;
			}
			delay = this.backoff.delayNanos(this.failedAttempts++);
		}
		try {
			this.group.schedule(this::attempt, delay, TimeUnit.NANOSECONDS);
		}
		catch (java.util.concurrent.RejectedExecutionException ex) {
			logger.debug("Not reconnecting to {}: the event loop is shutting down", this.address);
		}
	}

	/**
	 * Closes the connection: pending and waiting calls fail with an
	 * {@link IpcConnectionException} and no reconnection is attempted.
	 */
	@Override
	public void close() {
		Channel channel;
		synchronized (this.lock) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			channel = this.channel;
			this.channel = null;
			this.readyChannel = null;
		}
		for (PendingCalls.Call call : this.calls.unpark(true)) {
			PendingCalls.fail(call, new IpcConnectionException(
					"the client for " + this.address + " was closed before it connected", null));
		}
		this.calls.failSent("the client for " + this.address + " was closed");
		if (channel != null) {
			channel.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
		}
		if (this.ownsGroup) {
			this.group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
		}
	}

	@Override
	public String toString() {
		return "IpcConnection[" + this.address + "]";
	}

	/**
	 * What the channels report, on their event loop.
	 */
	private final class Events implements ClientHandler.Listener {

		@Override
		public void adopt(Channel channel) {
			// Adopt the channel before it connects: the server sends its register as soon
			// as it accepts, and that
			// line may be read before a listener added to the connect future has run.
			synchronized (IpcConnection.this.lock) {
				if (!IpcConnection.this.closed) {
					IpcConnection.this.channel = channel;
				}
			}
			BatchedWrites.install(channel);
		}

		@Override
		public void onRegister(Channel channel, List<String> methods) {
			registered(channel, methods);
		}

		@Override
		public void onAnswer(WireMessage.Answer answer) {
			IpcConnection.this.calls.answer(answer);
		}

		@Override
		public void onConnectionError(Throwable cause) {
			IpcConnection.this.lastFailure = cause;
		}

		@Override
		public void onDisconnected(Channel channel) {
			disconnected(channel);
		}

	}

	/**
	 * Builds an {@link IpcConnection}. Every setting but the address has a default.
	 */
	public static final class Builder {

		private final IpcAddress address;

		private WireCodec codec;

		private EventLoopGroup group;

		private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;

		private int maxLineLength = DEFAULT_MAX_LINE_LENGTH;

		private ReconnectBackoff backoff = ReconnectBackoff.DEFAULT;

		private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;

		private Tls tls;

		private List<Long> allowedServerUids = List.of();

		private Builder(IpcAddress address) {
			this.address = address;
		}

		/**
		 * Sets the codec, and so the Jackson mapper that writes arguments and reads
		 * results.
		 * @param codec the codec
		 * @return this builder
		 */
		public Builder codec(WireCodec codec) {
			this.codec = codec;
			return this;
		}

		/**
		 * Shares an event loop group with other connections; the connection then does not
		 * shut it down. By default the connection owns a one-thread group.
		 * @param group the group
		 * @return this builder
		 */
		public Builder eventLoopGroup(EventLoopGroup group) {
			this.group = group;
			return this;
		}

		/**
		 * Sets how long one connection attempt may take.
		 * @param timeout the timeout, positive
		 * @return this builder
		 */
		public Builder connectTimeout(Duration timeout) {
			if (timeout == null || timeout.isNegative() || timeout.isZero()) {
				throw new IllegalArgumentException(
						"connect-timeout must be positive, got " + DurationText.format(timeout));
			}
			this.connectTimeout = timeout;
			return this;
		}

		/**
		 * Sets the longest answer line accepted.
		 * @param bytes the limit in bytes, at least 64
		 * @return this builder
		 */
		public Builder maxLineLength(int bytes) {
			if (bytes < 64) {
				throw new IllegalArgumentException("max-line-length must be at least 64 bytes, got " + bytes);
			}
			this.maxLineLength = bytes;
			return this;
		}

		/**
		 * Sets the backoff between reconnection attempts.
		 * @param backoff the backoff
		 * @return this builder
		 */
		public Builder reconnectBackoff(ReconnectBackoff backoff) {
			this.backoff = Objects.requireNonNull(backoff, "backoff");
			return this;
		}

		/**
		 * Speaks TLS to the server, checking over TCP that its certificate names the host
		 * connected to.
		 * @param tls the TLS settings, or {@code null} (the default) for plaintext
		 * @return this builder
		 */
		public Builder tls(Tls tls) {
			this.tls = tls;
			return this;
		}

		/**
		 * Turns on the heartbeat: when the connection has been quiet for this long, the
		 * client sends {@code {"action":"ping"}}, and when nothing at all arrives for
		 * three intervals it closes the connection (failing pending calls) and
		 * reconnects. Only used with servers whose {@code register} announces protocol 1
		 * or later; seed servers are never pinged.
		 * @param interval the interval, {@code 0} (the default) for no heartbeat
		 * @return this builder
		 */
		public Builder heartbeatInterval(Duration interval) {
			if (interval == null || interval.isNegative()) {
				throw new IllegalArgumentException(
						"heartbeat-interval must not be negative, got " + DurationText.format(interval));
			}
			this.heartbeatInterval = interval;
			return this;
		}

		/**
		 * Talks only to a server running as one of these users: on a Unix socket, the
		 * server's credentials ({@code SO_PEERCRED}) are read as each connection opens,
		 * and a server running as another user is disconnected before anything is read or
		 * sent (calls then fail naming its user).
		 * @param uids the allowed uids, empty (the default) to trust whoever listens on
		 * the address
		 * @return this builder
		 * @throws IllegalArgumentException when uids are given for a TCP address, whose
		 * peer's user is unknown
		 */
		public Builder allowedServerUids(Collection<Long> uids) {
			if (!uids.isEmpty() && !(this.address instanceof IpcAddress.Unix)) {
				throw new IllegalArgumentException("allowed-server-uids needs a Unix socket address: the user of a "
						+ "server at " + this.address + " cannot be known");
			}
			this.allowedServerUids = List.copyOf(uids);
			return this;
		}

		/**
		 * Builds the connection; it connects on {@link IpcConnection#connect()} or on the
		 * first call.
		 * @return the connection
		 */
		public IpcConnection build() {
			return new IpcConnection(this);
		}

	}

}
