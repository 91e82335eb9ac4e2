package dev.socketipc.client;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.function.Consumer;
import java.util.concurrent.TimeUnit;

import dev.socketipc.protocol.WireCodec;
import dev.socketipc.protocol.WireMessage;
import dev.socketipc.transport.IoTransport;
import dev.socketipc.transport.IpcAddress;
import dev.socketipc.transport.Transports;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
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
 * class is thread-safe: where the connection stands is kept by {@link ConnectionState},
 * the calls by {@link PendingCalls}.
 */
public final class IpcConnection implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(IpcConnection.class);

	/** Default longest answer line accepted, in bytes. */
	public static final int DEFAULT_MAX_LINE_LENGTH = 16 * 1024 * 1024;

	/** Default time one connection attempt may take. */
	public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

	/** Default heartbeat interval: none. */
	public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ZERO;

	/**
	 * Default time a synchronous caller spins for its answer before it parks (see
	 * {@link IpcConnectionBuilder#spinWait(Duration)}).
	 */
	public static final Duration DEFAULT_SPIN_WAIT = Duration.ZERO;

	private final IpcAddress address;

	private final WireCodec codec;

	private final EventLoopGroup group;

	private final boolean ownsGroup;

	/** The transport the group runs, which decides the channel class and address. */
	private final IoTransport transport;

	private final ClientHandler.Settings pipeline;

	private final PendingCalls calls;

	private final ConnectionState state;

	private final CallWriter writer;

	private final TopicSubscriptions subscriptions;

	private final ChannelEvents events;

	private final SpinWait spinWait;

	/** What the server's last {@code register} offered. */
	private volatile ServerOffer offer = ServerOffer.NONE;

	private final RegisterListeners registerListeners = new RegisterListeners(this);

	IpcConnection(IpcConnectionBuilder builder) {
		this.address = Objects.requireNonNull(builder.address, "address");
		this.codec = (builder.codec != null) ? builder.codec : WireCodec.create();
		EventLoopGroup shared = sharedGroup(builder.group, this.address);
		this.ownsGroup = shared == null;
		this.group = this.ownsGroup ? Transports.newEventLoopGroup(1, "ipc-client", true, this.address,
				(builder.transport != null) ? builder.transport : IoTransport.fromSystemProperty()) : shared;
		this.transport = Transports.transportOf(this.group);
		this.state = new ConnectionState(builder.backoff);
		this.pipeline = new ClientHandler.Settings(this.address, this.codec, builder.connectTimeout,
				builder.maxLineLength, builder.heartbeatInterval, builder.tls, builder.allowedServerUids,
				ServerCredentialsCheck.lookUp(builder.allowedServerUids));
		this.calls = new PendingCalls(this.address, this.state::lastFailure);
		this.writer = new CallWriter(this.address, this.codec, this.calls);
		this.spinWait = SpinWait.of(builder.spinWait, this.calls);
		this.subscriptions = new TopicSubscriptions(this.address, this.codec, this.writer::callReserved);
		this.events = new ChannelEvents(this.state, this.calls, this.subscriptions, this::registered,
				this::disconnected);
	}

	/**
	 * Returns the group given to the builder when it can run the address's channels, the
	 * JVM's shared group of {@code local:} clients for a {@code local:} address, or
	 * {@code null} when the connection owns one.
	 */
	private static EventLoopGroup sharedGroup(EventLoopGroup given, IpcAddress address) {
		if (given != null && Transports.canRun(given, address)) {
			return given;
		}
		return (address instanceof IpcAddress.Local) ? Transports.localClientGroup() : null;
	}

	/**
	 * Starts building a connection to the given server.
	 * @param address where the server listens: a Unix socket, a TCP host and port, or a
	 * {@code local:} name bound by a server in this JVM
	 * @return a new builder
	 */
	public static IpcConnectionBuilder builder(IpcAddress address) {
		return new IpcConnectionBuilder(address);
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
		return this.state.readyChannel() != null;
	}

	/**
	 * Returns the methods the server listed in its last {@code register}.
	 * @return the method names, empty before the first {@code register}
	 */
	public List<String> methods() {
		return this.offer.methods();
	}

	/**
	 * Adds a listener of the server's {@code register} lines: it is called with the
	 * methods of each one, before the connection is ready on it (see
	 * {@link IpcRegisterListener}). When one has arrived already, the listener is called
	 * at once, on the caller's thread, with the methods of the last one, so that a
	 * listener added late misses no method list.
	 * @param listener the listener
	 */
	public void addRegisterListener(IpcRegisterListener listener) {
		this.registerListeners.add(Objects.requireNonNull(listener, "listener"));
	}

	/**
	 * Returns the number of calls sent and not yet answered, failed or timed out.
	 * @return the pending calls
	 */
	public int pendingCalls() {
		return this.calls.sentCount();
	}

	/**
	 * Returns where the connection stands now: ready or not, the last failure and the
	 * next reconnection attempt, what the server's last {@code register} offered, and the
	 * calls not ended yet. Never blocks on I/O.
	 * @return the status
	 */
	public IpcConnectionStatus status() {
		ServerOffer server = this.offer;
		return new IpcConnectionStatus(isReady(), this.state.lastFailure(), this.state.nextAttempt(), server.protocol(),
				server.features(), server.methods(), this.calls.sentCount() + this.calls.parkedCount());
	}

	/** Tells whether {@link #close()} was called. */
	boolean isClosed() {
		return this.state.isClosed();
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
		if (this.state.start()) {
			attempt();
		}
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
		return call(ClientMethod.adHoc(method, resultType, timeout, waitForReady, this.codec), args, Map.of());
	}

	/**
	 * Makes a call of a parsed method with its wire arguments and {@code meta}; see
	 * {@link #call(String, Object[], JavaType, Duration, boolean)}.
	 */
	CompletableFuture<Object> call(ClientMethod method, Object[] args, Map<String, String> meta) {
		if (this.state.isClosed()) {
			return CompletableFuture.failedFuture(ConnectionFailures.closed(this.address, method.wireName));
		}
		// one clock read: the timeout runs for all of it from the deadline taken now
		return start(method, args, meta, null, method.deadlineFromNow(), method.timeoutNanos).result;
	}

	/**
	 * Same as {@link #call(ClientMethod, Object[], Map)}, timing out at a given deadline:
	 * a balanced call's attempt gets the time its call has left.
	 * @param deadlineNanos when the call times out, in {@link System#nanoTime()}
	 */
	CompletableFuture<Object> call(ClientMethod method, Object[] args, Map<String, String> meta, long deadlineNanos) {
		if (this.state.isClosed()) {
			return CompletableFuture.failedFuture(ConnectionFailures.closed(this.address, method.wireName));
		}
		return start(method, args, meta, null, deadlineNanos, deadlineNanos - System.nanoTime()).result;
	}

	/**
	 * Starts a call, a streaming one when {@code items} is given: sends it at once, parks
	 * it until the server's {@code register}, or ends it.
	 * @param deadlineNanos when the call times out (a streaming call: when its first item
	 * is due), in {@link System#nanoTime()}
	 */
	PendingCalls.Call start(ClientMethod method, Object[] args, Map<String, String> meta, PendingCalls.Items items,
			long deadlineNanos) {
		return start(method, args, meta, items, deadlineNanos, deadlineNanos - System.nanoTime());
	}

	/**
	 * Same as {@link #start(ClientMethod, Object[], Map, PendingCalls.Items, long)} with
	 * the time left until the deadline, when the caller knows it.
	 */
	private PendingCalls.Call start(ClientMethod method, Object[] args, Map<String, String> meta,
			PendingCalls.Items items, long deadlineNanos, long leftNanos) {
		PendingCalls.Call call = this.calls.start(method, args, meta, items, deadlineNanos, leftNanos);
		if (this.state.isClosed()) {
			PendingCalls.fail(call, ConnectionFailures.closed(this.address, method.wireName));
			return call;
		}
		Channel channel = this.state.readyChannel();
		if (channel == null) {
			connect();
			channel = waitForServer(call);
		}
		if (channel != null) {
			this.writer.send(channel, call);
		}
		return call;
	}

	/**
	 * Watches this connection's calls, the first time it is asked: {@code hook} then runs
	 * each time the last unended one ends, on the thread that ended it (often an I/O
	 * thread, so it must not block). A retired connection of a pool closes then.
	 * @return whether no call is unended now
	 */
	boolean watchIdle(Runnable hook) {
		return this.calls.watchIdle(hook);
	}

	/**
	 * Parks a call until the server's {@code register} arrives, or ends it when the
	 * client is closed or the server is unavailable and the call does not wait for it.
	 * @return the channel to send on at once, or {@code null} when the call was parked or
	 * ended
	 */
	private Channel waitForServer(PendingCalls.Call call) {
		while (true) {
			switch (this.state.admit(call.method.waitForReady, () -> this.calls.park(call))) {
				case READY -> {
					Channel channel = this.state.readyChannel();
					if (channel != null) {
						return channel;
					}
				}
				case PARKED -> {
					return null;
				}
				case CLOSED -> {
					PendingCalls.fail(call, ConnectionFailures.closed(this.address, call.method.wireName));
					return null;
				}
				case UNAVAILABLE -> {
					PendingCalls.fail(call, ConnectionFailures.unavailable(this.address, call.method.wireName,
							this.state.lastFailure()));
					return null;
				}
			}
		}
	}

	private void registered(Channel channel, WireMessage.Register register) {
		ServerOffer server = ServerOffer.of(register);
		channel.attr(ServerOffer.KEY).set(server);
		this.offer = server;
		if (!this.state.isCurrent(channel)) {
			return;
		}
		this.registerListeners.registered(server.methods());
		if (!this.state.register(channel)) {
			return;
		}
		logger.debug("Connected to {} over {}, which offers {} methods (protocol {}, features {})", this.address,
				(this.address instanceof IpcAddress.Local) ? "local" : this.transport, server.methods().size(),
				server.protocol(), server.features());
		for (PendingCalls.Call call : this.calls.unpark(true)) {
			this.writer.send(channel, call);
		}
		this.subscriptions.registered(channel, server);
	}

	private void disconnected(Channel channel) {
		this.subscriptions.lost(channel);
		if (!this.state.lose(channel,
				() -> ConnectionFailures.closedBeforeRegister(this.address, this.pipeline.tls() != null))) {
			return;
		}
		if (this.state.lastFailure() == null) {
			this.state.lastFailure(ConnectionFailures.lost(this.address));
		}
		failUnavailableWaiting();
		this.calls.failSent("the connection to " + this.address + " was lost");
		scheduleRetry();
	}

	private void attempt() {
		this.state.attemptStarted();
		Bootstrap bootstrap = ClientHandler.bootstrap(this.group, this.pipeline, this.events);
		ChannelFuture connecting;
		try {
			connecting = bootstrap.connect(Transports.socketAddress(this.address.socketAddress(), this.transport));
		}
		catch (RuntimeException ex) {
			onAttemptFailed(null, ex);
			return;
		}
		connecting.addListener((ChannelFuture future) -> {
			if (!future.isSuccess()) {
				onAttemptFailed(future.channel(), future.cause());
			}
			else if (this.state.isClosed()) {
				future.channel().close();
			}
		});
	}

	private void onAttemptFailed(Channel channel, Throwable cause) {
		this.state.attemptFailed(channel, cause);
		logger.debug("Could not connect to {}: {}", this.address, PendingCalls.describe(cause));
		failUnavailableWaiting();
		scheduleRetry();
	}

	/**
	 * Fails the parked calls that do not wait for ready, once the server is known to be
	 * unavailable.
	 */
	private void failUnavailableWaiting() {
		if (this.state.isUnavailable()) {
			for (PendingCalls.Call call : this.calls.unpark(false)) {
				PendingCalls.fail(call,
						ConnectionFailures.unavailable(this.address, call.method.wireName, this.state.lastFailure()));
			}
		}
	}

	private void scheduleRetry() {
		long delay = this.state.nextRetryDelayNanos();
		if (delay < 0) {
			return;
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
		if (!this.state.close()) {
			return;
		}
		Channel channel = this.state.detach();
		for (PendingCalls.Call call : this.calls.unpark(true)) {
			PendingCalls.fail(call, ConnectionFailures.closedBeforeConnect(this.address));
		}
		this.calls.failSent("the client for " + this.address + " was closed");
		this.subscriptions.close();
		if (channel != null) {
			channel.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
		}
		if (this.ownsGroup) {
			this.group.shutdownGracefully(0, 1000, TimeUnit.MILLISECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
		}
	}

	/**
	 * Subscribes a listener to a topic of the server, for as long as the connection is
	 * open: {@code $subscribe} is sent on every connection (the first and each
	 * reconnection) whose server lists {@code events}, and events missed while
	 * disconnected are not replayed. Against a server that does not list {@code events}
	 * (a seed server) nothing is sent, one warning naming the server and topic is logged,
	 * and calls keep working. Subscribing starts connecting, if not started yet.
	 *
	 * <p>
	 * The listener is called once per event, in the order received, one event at a time,
	 * on the given executor; when it falls more than the buffer behind, the oldest events
	 * are dropped and counted ({@link IpcSubscription#droppedEvents()}). A listener that
	 * throws is logged; later events still reach it.
	 * @param topic the topic
	 * @param payloadType the Java type each event's {@code data} is read as
	 * @param listener receives each payload
	 * @param executor where the listener runs (a direct executor runs it on the I/O
	 * thread, which must then not block)
	 * @return the subscription
	 */
	public IpcSubscription subscribe(String topic, JavaType payloadType, Consumer<Object> listener, Executor executor) {
		IpcSubscription subscription = this.subscriptions.subscribe(topic, payloadType, listener, executor);
		connect();
		return subscription;
	}

	/**
	 * Subscribes a listener to a topic of the server, as
	 * {@link #subscribe(String, JavaType, Consumer, Executor)} does, calling it on the
	 * connection's I/O thread: the listener must return quickly and never block (hand
	 * slow work to an executor of your own, or use the other method).
	 * @param <T> the payload type
	 * @param topic the topic
	 * @param payloadType the class each event's {@code data} is read as
	 * @param listener receives each payload, on the I/O thread
	 * @return the subscription
	 */
	@SuppressWarnings("unchecked")
	public <T> IpcSubscription subscribe(String topic, Class<T> payloadType, Consumer<? super T> listener) {
		Objects.requireNonNull(listener, "listener");
		return subscribe(topic, this.codec.mapper().constructType(payloadType),
				(payload) -> listener.accept((T) payload), Runnable::run);
	}

	TopicSubscriptions subscriptions() {
		return this.subscriptions;
	}

	CallWriter writer() {
		return this.writer;
	}

	/** How a synchronous caller of this connection waits before it parks. */
	SpinWait spinWait() {
		return this.spinWait;
	}

	/**
	 * Returns the initializer of this connection's channels, for a channel made elsewhere
	 * (a benchmark's embedded channel) to become this connection's channel.
	 */
	ChannelInitializer<Channel> channelInitializer() {
		return ClientHandler.initializer(this.pipeline, this.events);
	}

	/**
	 * Calls a streaming method: the request carries {@code "stream":true} when the server
	 * lists {@code stream}, and each {@code next} item reaches the subscriber before the
	 * call's final answer completes it (or fails it). Cancelling the subscription sends
	 * {@code {"action":"cancel"}}. Against a server that does not list {@code stream},
	 * the call is made as a seed client would and the items of the array it answers are
	 * published one by one. Nothing is sent until a subscriber subscribes, and each
	 * subscriber makes its own call.
	 * @param method the method's wire name
	 * @param args the arguments, varargs already spread
	 * @param itemType the Java type of each item
	 * @param timeout how long the call may wait for its first item, and then for each
	 * next one, connecting included
	 * @return a cold publisher of the items
	 */
	public Flow.Publisher<Object> stream(String method, Object[] args, JavaType itemType, Duration timeout) {
		return StreamCall.publisher(this, method, args, itemType, timeout);
	}

	/**
	 * Returns the topics the server listed in its last {@code register}.
	 * @return the topic names, empty before the first {@code register} or for a server
	 * without events
	 */
	public List<String> topics() {
		return this.offer.topics();
	}

	@Override
	public String toString() {
		return "IpcConnection[" + this.address + "]";
	}

}
