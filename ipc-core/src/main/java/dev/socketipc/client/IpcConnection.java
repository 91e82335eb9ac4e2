package dev.socketipc.client;

import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.socketipc.protocol.ErrorCode;
import dev.socketipc.protocol.WireCodec;
import dev.socketipc.protocol.WireMessage;
import dev.socketipc.transport.IpcAddress;
import dev.socketipc.transport.LogLimiter;
import dev.socketipc.transport.Tls;
import dev.socketipc.transport.Transports;
import dev.socketipc.transport.DurationText;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.util.AttributeKey;
import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import io.netty.util.Timer;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;

/**
 * One multiplexed connection to an IPC server, shared by every proxy that calls that server.
 *
 * <p>Calls carry a {@code rid} unique on the connection, so any number of threads may call at once and each gets its
 * own answer, in whatever order the server sends them. The connection waits for the server's {@code register}
 * before sending, keeps the method list current, and reconnects with jittered exponential backoff when the server
 * goes away; calls pending when the connection drops fail at once and are never resent. This class is thread-safe.
 */
public final class IpcConnection implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(IpcConnection.class);

	private static final AttributeKey<AtomicInteger> PENDING_WRITES = AttributeKey
		.valueOf(IpcConnection.class, "pendingWrites");

	/** One timer thread for the timeouts of every connection: scheduling on it is a lock-free queue insert. */
	private static final Timer TIMER = new HashedWheelTimer(new DefaultThreadFactory("ipc-client-timer", true), 10,
			TimeUnit.MILLISECONDS);

	/** Answers with a rid this client never sends (a string, say): a hostile server can send millions. */
	private static final LogLimiter UNSOLICITED_ANSWERS = new LogLimiter(Duration.ofSeconds(10));

	/** Default longest answer line accepted, in bytes. */
	public static final int DEFAULT_MAX_LINE_LENGTH = 16 * 1024 * 1024;

	/** Default time one connection attempt may take. */
	public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

	private final IpcAddress address;

	private final WireCodec codec;

	private final EventLoopGroup group;

	private final boolean ownsGroup;

	private final Duration connectTimeout;

	private final int maxLineLength;

	private final ReconnectBackoff backoff;

	private final Duration heartbeatInterval;

	private final Tls tls;

	private final List<Long> allowedServerUids;

	private final List<UserPrincipal> allowedServerUsers;

	private final Map<Long, PendingCall> pending = new ConcurrentHashMap<>();

	private final AtomicLong rids = new AtomicLong();



	private final Object lock = new Object();

	private volatile Channel readyChannel;

	private volatile List<String> methods = List.of();

	private volatile Set<String> offered = Set.of();

	private volatile Throwable lastFailure;

	/** Calls made before the server's {@code register} arrived, sent when it does; guarded by {@link #lock}. */
	private final Set<PendingCall> waiting = new LinkedHashSet<>();

	/** Whether the last connection attempt failed and none has succeeded since; guarded by {@link #lock}. */
	private boolean unavailable;

	private Channel channel;

	private boolean started;

	private boolean closed;

	private int failedAttempts;

	private IpcConnection(Builder builder) {
		this.address = Objects.requireNonNull(builder.address, "address");
		this.codec = (builder.codec != null) ? builder.codec : WireCodec.create();
		this.ownsGroup = builder.group == null;
		this.group = this.ownsGroup ? Transports.newEventLoopGroup(1, "ipc-client", true) : builder.group;
		this.connectTimeout = builder.connectTimeout;
		this.maxLineLength = builder.maxLineLength;
		this.backoff = builder.backoff;
		this.heartbeatInterval = builder.heartbeatInterval;
		this.tls = builder.tls;
		this.allowedServerUids = builder.allowedServerUids;
		this.allowedServerUsers = ServerCredentialsCheck.lookUp(builder.allowedServerUids);
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

	Duration heartbeatInterval() {
		return this.heartbeatInterval;
	}

	void onHeartbeatLost(Channel channel) {
		this.lastFailure = new IpcConnectionException("the server at " + this.address
				+ " stopped answering pings (nothing received for three heartbeat intervals of "
				+ Durations.format(this.heartbeatInterval) + ")", null);
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
		return this.pending.size();
	}

	/** Returns the number of calls waiting for the server's {@code register}, not yet sent. */
	int waitingCalls() {
		synchronized (this.lock) {
			return this.waiting.size();
		}
	}

	/**
	 * Starts connecting, if not already started; returns at once. Failed attempts are retried with backoff until the
	 * connection is closed.
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
	 * {@link #call(String, Object[], JavaType, Duration, boolean)} without wait-for-ready.
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
	 * Calls a method. Never blocks: the future completes with the converted {@code data}, or fails with an
	 * {@link IpcRemoteException}, {@link IpcTimeoutException}, {@link IpcConnectionException} or, when the answer
	 * cannot be converted, an {@link IpcException}; it always completes, at the latest when the timeout passes. It
	 * completes on an I/O thread, so dependent stages that may block should use an {@code *Async} variant.
	 *
	 * <p>A call made before the server's {@code register} has arrived waits for it while a connection attempt is in
	 * progress. Once an attempt has failed, and until one succeeds, the server is unavailable: calls then fail at once
	 * with an {@link IpcConnectionException} (as do the waiting ones when an attempt fails), unless
	 * {@code waitForReady} is set, in which case they wait for the server until their timeout.
	 * @param method the method's wire name
	 * @param args the arguments, varargs already spread
	 * @param resultType the Java type of {@code data}
	 * @param timeout how long to wait for the answer, connecting included
	 * @param waitForReady whether to wait for an unavailable server rather than fail at once
	 * @return the future result
	 */
	public CompletableFuture<Object> call(String method, Object[] args, JavaType resultType, Duration timeout,
			boolean waitForReady) {
		PendingCall call = new PendingCall(method, args, resultType, timeout, waitForReady);
		if (isClosed()) {
			call.result.completeExceptionally(closedFailure(method));
			return call.result;
		}
		call.timeoutTask = TIMER.newTimeout((task) -> timeOut(call), timeout.toNanos(), TimeUnit.NANOSECONDS);
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
	 * Parks a call until the server's {@code register} arrives, or ends it when the client is closed or the server is
	 * unavailable and the call does not wait for it.
	 * @return the channel to send on at once, or {@code null} when the call was parked or ended
	 */
	private Channel waitForServer(PendingCall call) {
		Throwable failure;
		synchronized (this.lock) {
			if (this.readyChannel != null) {
				return this.readyChannel;
			}
			if (this.closed) {
				failure = closedFailure(call.method);
			}
			else if (this.unavailable && !call.waitForReady) {
				failure = unavailableFailure(call.method);
			}
			else {
				this.waiting.add(call);
				return null;
			}
		}
		fail(call, failure);
		return null;
	}

	private IpcConnectionException closedFailure(String method) {
		return new IpcConnectionException(
				"IPC call '" + method + "' not sent: the client for " + this.address + " is closed", null);
	}

	private IpcConnectionException unavailableFailure(String method) {
		Throwable cause = this.lastFailure;
		return new IpcConnectionException("IPC call '" + method + "' not sent: the server at " + this.address
				+ " is unavailable" + ((cause != null) ? " (last attempt: " + describe(cause) + ")" : "")
				+ "; the client keeps reconnecting in the background, and a call made with wait-for-ready waits for it",
				cause);
	}

	/** Takes the parked calls that a new state ends or releases: every one, or only those not waiting for ready. */
	private List<PendingCall> takeWaiting(boolean all) {
		List<PendingCall> taken = new ArrayList<>();
		synchronized (this.lock) {
			for (Iterator<PendingCall> it = this.waiting.iterator(); it.hasNext();) {
				PendingCall call = it.next();
				if (all || !call.waitForReady) {
					taken.add(call);
					it.remove();
				}
			}
		}
		return taken;
	}

	private boolean isClosed() {
		synchronized (this.lock) {
			return this.closed;
		}
	}

	private void send(Channel channel, PendingCall call) {
		if (call.result.isDone()) {
			return;
		}
		if (!this.offered.contains(call.method)) {
			fail(call, new IpcRemoteException(call.method, ErrorCode.METHOD_NOT_FOUND,
					MethodNotFound.describe(this.address, call.method, this.methods)));
			return;
		}
		long rid = this.rids.incrementAndGet();
		ByteBuf request;
		try {
			request = this.codec.encodeRequest(channel.alloc(), rid, call.method, call.args);
		}
		catch (JacksonException ex) {
			fail(call, new IpcException("The arguments of IPC call '" + call.method
					+ "' could not be written as JSON: " + ex.getOriginalMessage(), ex));
			return;
		}
		catch (RuntimeException | Error ex) {
			fail(call, new IpcException("The arguments of IPC call '" + call.method
					+ "' could not be written as JSON: " + ex, ex));
			return;
		}
		call.rid = rid;
		this.pending.put(rid, call);
		if (call.result.isDone()) {
			this.pending.remove(rid, call);
			request.release();
			return;
		}
		write(channel, request);
	}

	/**
	 * Writes on the event loop and flushes once per burst: every caller's write is a task counted in
	 * {@link #PENDING_WRITES}, and the last task of a burst flushes, so concurrent callers share one system call and
	 * no write is left unflushed. A failed write closes the channel (the void promise reports it to the pipeline),
	 * which fails the pending calls.
	 */
	private static void write(Channel channel, ByteBuf request) {
		AtomicInteger pendingWrites = channel.attr(PENDING_WRITES).get();
		pendingWrites.incrementAndGet();
		try {
			channel.eventLoop().execute(() -> {
				channel.write(request, channel.voidPromise());
				if (pendingWrites.decrementAndGet() == 0) {
					channel.flush();
				}
			});
		}
		catch (java.util.concurrent.RejectedExecutionException ex) {
			pendingWrites.decrementAndGet();
			request.release();
			channel.close();
		}
	}

	private void timeOut(PendingCall call) {
		if (call.rid != 0) {
			this.pending.remove(call.rid, call);
			call.result.completeExceptionally(new IpcTimeoutException("IPC call '" + call.method + "' to "
					+ this.address + " got no answer within " + Durations.format(call.timeout), call.timeout, null));
		}
		else {
			synchronized (this.lock) {
				this.waiting.remove(call);
			}
			Throwable cause = this.lastFailure;
			call.result.completeExceptionally(new IpcTimeoutException("IPC call '" + call.method
					+ "' could not reach the server at " + this.address + " within " + Durations.format(call.timeout)
					+ ((cause != null) ? " (last attempt: " + describe(cause) + ")" : ""), call.timeout, cause));
		}
	}

	private static void fail(PendingCall call, Throwable failure) {
		call.cancelTimeout();
		call.result.completeExceptionally(failure);
	}

	void onRegister(Channel channel, List<String> names) {
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
		for (PendingCall call : takeWaiting(true)) {
			send(channel, call);
		}
	}

	void onResponse(WireMessage.Answer message) {
		if (!(message.rid() instanceof Long rid)) {
			long suppressed = UNSOLICITED_ANSWERS.tryAcquire();
			if (suppressed >= 0) {
				logger.warn("Ignoring an answer without a rid this client sent from {}: {} {} ({} similar messages "
						+ "suppressed)", this.address, message.code(), abbreviate(message.error()), suppressed);
			}
			return;
		}
		PendingCall call = this.pending.remove(rid);
		if (call == null) {
			logger.debug("Dropping a late or unknown answer for rid {} from {}", rid, this.address);
			return;
		}
		call.cancelTimeout();
		if (message.success()) {
			try {
				// A JSON null for a primitive stays null, so that the proxy reports it whatever the mapper's
				// FAIL_ON_NULL_FOR_PRIMITIVES says (which would otherwise turn it into 0 or a Jackson message).
				Object value = (message.data() == null || call.resultType.getRawClass() == Void.class
						|| (message.data().isNull() && call.resultType.isPrimitive())) ? null
								: this.codec.convert(message.data(), call.resultType);
				call.result.complete(value);
			}
			catch (JacksonException ex) {
				call.result.completeExceptionally(new IpcException("The answer of IPC call '" + call.method
						+ "' could not be read as " + call.resultType.toCanonical() + ": " + ex.getOriginalMessage(),
						ex));
			}
			catch (RuntimeException | Error ex) {
				// The call is already out of the pending table and its timer cancelled: whatever the conversion
				// throws (an application deserializer, an Error) must end it here, or it would never end.
				call.result.completeExceptionally(new IpcException("The answer of IPC call '" + call.method
						+ "' could not be read as " + call.resultType.toCanonical() + ": " + ex, ex));
			}
		}
		else {
			String error = (message.error() != null) ? message.error() : "no error message";
			call.result.completeExceptionally(
					new IpcRemoteException(call.method, ErrorCode.fromWire(message.code()), error));
		}
	}

	void onDisconnected(Channel channel) {
		synchronized (this.lock) {
			if (channel != this.channel) {
				return;
			}
			boolean registered = this.readyChannel == channel;
			if (!registered && !(this.lastFailure instanceof IpcConnectionException)) {
				this.lastFailure = new IpcConnectionException("the server at " + this.address
						+ " closed the connection before sending its register message"
						+ ((this.tls != null) ? "" : " (does it expect TLS?)"), null);
			}
			// A connection that never got its register is a failed attempt; a lost registered one is not.
			this.unavailable |= !registered;
			this.channel = null;
			this.readyChannel = null;
		}
		failUnavailableWaiting();
		failPending("the connection to " + this.address + " was lost");
		scheduleRetry();
	}

	private void failPending(String reason) {
		for (PendingCall call : this.pending.values()) {
			if (this.pending.remove(call.rid, call)) {
				fail(call, new IpcConnectionException(
						"IPC call '" + call.method + "' failed: " + reason + " before the answer came; it was not resent",
						null));
			}
		}
	}

	private void attempt() {
		Bootstrap bootstrap = new Bootstrap().group(this.group)
			.channel(Transports.channelType(this.address))
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, this.connectTimeout.toMillis()))
			.handler(new ChannelInitializer<>() {
				@Override
				protected void initChannel(Channel channel) {
					// Adopt the channel before it connects: the server sends its register as soon as it accepts,
					// and that line may be read before a listener added to the connect future has run.
					synchronized (IpcConnection.this.lock) {
						if (!IpcConnection.this.closed) {
							IpcConnection.this.channel = channel;
						}
					}
					channel.attr(PENDING_WRITES).set(new AtomicInteger());
					if (!IpcConnection.this.allowedServerUids.isEmpty()) {
						channel.pipeline().addLast("credentials", ServerCredentialsCheck.create(IpcConnection.this,
								IpcConnection.this.allowedServerUids, IpcConnection.this.allowedServerUsers));
					}
					if (IpcConnection.this.tls != null) {
						channel.pipeline().addLast("tls", IpcConnection.this.tls.newClientHandler(IpcConnection.this.address));
					}
					channel.pipeline()
						.addLast("framer", new LineBasedFrameDecoder(IpcConnection.this.maxLineLength, true, true))
						.addLast("client", new ClientHandler(IpcConnection.this));
				}
			});
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

	/** Records why the connection failed, for the message of calls that time out waiting for it. */
	void onConnectionError(Throwable cause) {
		this.lastFailure = cause;
	}

	private void onAttemptFailed(Throwable cause) {
		this.lastFailure = cause;
		synchronized (this.lock) {
			this.unavailable = true;
		}
		logger.debug("Could not connect to {}: {}", this.address, describe(cause));
		failUnavailableWaiting();
		scheduleRetry();
	}

	/** Fails the parked calls that do not wait for ready, once the server is known to be unavailable. */
	private void failUnavailableWaiting() {
		boolean unavailable;
		synchronized (this.lock) {
			unavailable = this.unavailable;
		}
		if (unavailable) {
			for (PendingCall call : takeWaiting(false)) {
				fail(call, unavailableFailure(call.method));
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

	private static String abbreviate(String text) {
		return (text == null || text.length() <= 200) ? text : text.substring(0, 200) + "… (" + text.length() + " chars)";
	}

	private static String describe(Throwable cause) {
		return (cause.getMessage() != null) ? cause.getMessage() : cause.getClass().getSimpleName();
	}

	/**
	 * Closes the connection: pending and waiting calls fail with an {@link IpcConnectionException} and no
	 * reconnection is attempted.
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
		for (PendingCall call : takeWaiting(true)) {
			fail(call, new IpcConnectionException(
					"the client for " + this.address + " was closed before it connected", null));
		}
		failPending("the client for " + this.address + " was closed");
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

	private static final class PendingCall {

		final String method;

		final Object[] args;

		final JavaType resultType;

		final Duration timeout;

		final boolean waitForReady;

		final CompletableFuture<Object> result = new CompletableFuture<>();

		volatile long rid;

		volatile Timeout timeoutTask;

		PendingCall(String method, Object[] args, JavaType resultType, Duration timeout, boolean waitForReady) {
			this.method = method;
			this.args = args;
			this.resultType = resultType;
			this.timeout = timeout;
			this.waitForReady = waitForReady;
		}

		void cancelTimeout() {
			Timeout task = this.timeoutTask;
			if (task != null) {
				task.cancel();
			}
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

		private Duration heartbeatInterval = Duration.ZERO;

		private Tls tls;

		private List<Long> allowedServerUids = List.of();

		private Builder(IpcAddress address) {
			this.address = address;
		}

		/**
		 * Sets the codec, and so the Jackson mapper that writes arguments and reads results.
		 * @param codec the codec
		 * @return this builder
		 */
		public Builder codec(WireCodec codec) {
			this.codec = codec;
			return this;
		}

		/**
		 * Shares an event loop group with other connections; the connection then does not shut it down. By default
		 * the connection owns a one-thread group.
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
				throw new IllegalArgumentException("connect-timeout must be positive, got " + DurationText.format(timeout));
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
		 * Speaks TLS to the server, checking over TCP that its certificate names the host connected to.
		 * @param tls the TLS settings, or {@code null} (the default) for plaintext
		 * @return this builder
		 */
		public Builder tls(Tls tls) {
			this.tls = tls;
			return this;
		}

		/**
		 * Turns on the heartbeat: when the connection has been quiet for this long, the client sends
		 * {@code {"action":"ping"}}, and when nothing at all arrives for three intervals it closes the connection
		 * (failing pending calls) and reconnects. Only used with servers whose {@code register} announces protocol 1
		 * or later; seed servers are never pinged.
		 * @param interval the interval, {@code 0} (the default) for no heartbeat
		 * @return this builder
		 */
		public Builder heartbeatInterval(Duration interval) {
			if (interval == null || interval.isNegative()) {
				throw new IllegalArgumentException("heartbeat-interval must not be negative, got " + DurationText.format(interval));
			}
			this.heartbeatInterval = interval;
			return this;
		}

		/**
		 * Talks only to a server running as one of these users: on a Unix socket, the server's credentials
		 * ({@code SO_PEERCRED}) are read as each connection opens, and a server running as another user is
		 * disconnected before anything is read or sent (calls then fail naming its user).
		 * @param uids the allowed uids, empty (the default) to trust whoever listens on the address
		 * @return this builder
		 * @throws IllegalArgumentException when uids are given for a TCP address, whose peer's user is unknown
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
		 * Builds the connection; it connects on {@link IpcConnection#connect()} or on the first call.
		 * @return the connection
		 */
		public IpcConnection build() {
			return new IpcConnection(this);
		}

	}

}
