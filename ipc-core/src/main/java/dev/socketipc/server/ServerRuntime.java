package dev.socketipc.server;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import dev.socketipc.protocol.WireCodec;
import dev.socketipc.protocol.WireFeatures;
import dev.socketipc.protocol.WireMessage;
import dev.socketipc.transport.IpcAddress;
import dev.socketipc.transport.LogLimiter;

/**
 * What every connection of one server run shares: the methods, the codec, the executor,
 * the limits, the hooks around calls, and the count of calls running, which shutdown
 * waits on. This class is thread-safe: its fields are final and immutable or concurrent,
 * {@link #shuttingDown} is volatile and {@link #activeCalls} atomic.
 */
final class ServerRuntime {

	/** The shortest time between two warnings of one kind a peer can cause. */
	static final Duration LOG_INTERVAL = Duration.ofSeconds(10);

	final ServiceRegistry registry;

	final WireCodec codec;

	final Executor executor;

	final int maxInFlight;

	/**
	 * How long calls still get once their connection's input ended, as they would when
	 * the server stops.
	 */
	final Duration shutdownTimeout;

	final ErrorDetails errorDetails;

	/** Applied in order around every call, the first outermost; never modified. */
	final IpcServerInterceptor[] interceptors;

	/** Asked in order for a failure's code and message; never modified. */
	final IpcExceptionHandler[] exceptionHandlers;

	/** The observers as one, {@code null} when there is none. */
	final CallObservers observers;

	/** The address the server is bound to, for observers. */
	final Supplier<IpcAddress> serverAddress;

	/** The topics, their subscribers and the event buffers' settings. */
	final EventHub events;

	/**
	 * How many items a streaming method may produce for a caller that did not ask for a
	 * stream.
	 */
	final int maxStreamItems;

	/** The server's figures, which connections count into. */
	final IpcServerStatistics statistics;

	/**
	 * One limiter per kind of warning a peer can cause, shared by the connections of this
	 * run.
	 */
	final LogLimiter tooLongLog = new LogLimiter(LOG_INTERVAL);

	final LogLimiter tlsLog = new LogLimiter(LOG_INTERVAL);

	final LogLimiter unexpectedLog = new LogLimiter(LOG_INTERVAL);

	/**
	 * Methods that threw unexpectedly, and results that could not be written: one warning
	 * per method and interval.
	 */
	final MethodLogs failureLogs = new MethodLogs();

	final MethodLogs unwritableLogs = new MethodLogs();

	private final byte[] register;

	private final AtomicInteger activeCalls = new AtomicInteger();

	private final Object idle = new Object();

	private volatile boolean shuttingDown;

	ServerRuntime(ServiceRegistry registry, WireCodec codec, Executor executor, int maxInFlight,
			Duration shutdownTimeout, ErrorDetails errorDetails) {
		this(registry, codec, executor, maxInFlight, shutdownTimeout, errorDetails, List.of(), List.of());
	}

	ServerRuntime(ServiceRegistry registry, WireCodec codec, Executor executor, int maxInFlight,
			Duration shutdownTimeout, ErrorDetails errorDetails, List<IpcServerInterceptor> interceptors,
			List<IpcExceptionHandler> exceptionHandlers) {
		this(registry, codec, executor, maxInFlight, shutdownTimeout, errorDetails, interceptors, exceptionHandlers,
				List.of(), () -> null, new IpcServerStatistics());
	}

	ServerRuntime(ServiceRegistry registry, WireCodec codec, Executor executor, int maxInFlight,
			Duration shutdownTimeout, ErrorDetails errorDetails, List<IpcServerInterceptor> interceptors,
			List<IpcExceptionHandler> exceptionHandlers, List<IpcServerObserver> observers,
			Supplier<IpcAddress> serverAddress, IpcServerStatistics statistics) {
		this(registry, codec, executor, maxInFlight, shutdownTimeout, errorDetails, interceptors, exceptionHandlers,
				observers, serverAddress, statistics, EventHub.none(codec), IpcServerBuilder.DEFAULT_MAX_STREAM_ITEMS);
	}

	ServerRuntime(ServiceRegistry registry, WireCodec codec, Executor executor, int maxInFlight,
			Duration shutdownTimeout, ErrorDetails errorDetails, List<IpcServerInterceptor> interceptors,
			List<IpcExceptionHandler> exceptionHandlers, List<IpcServerObserver> observers,
			Supplier<IpcAddress> serverAddress, IpcServerStatistics statistics, EventHub events, int maxStreamItems) {
		this.events = events;
		this.maxStreamItems = maxStreamItems;
		this.registry = registry;
		this.codec = codec;
		this.executor = executor;
		this.maxInFlight = maxInFlight;
		this.shutdownTimeout = shutdownTimeout;
		this.errorDetails = errorDetails;
		this.interceptors = interceptors.toArray(new IpcServerInterceptor[0]);
		this.exceptionHandlers = exceptionHandlers.toArray(new IpcExceptionHandler[0]);
		this.observers = CallObservers.of(observers);
		this.serverAddress = serverAddress;
		this.statistics = statistics;
		var buffer = codec.encodeRegister(io.netty.buffer.UnpooledByteBufAllocator.DEFAULT, registry.names(),
				WireFeatures.SERVER, events.topics());
		try {
			this.register = io.netty.buffer.ByteBufUtil.getBytes(buffer);
		}
		finally {
			buffer.release();
		}
	}

	/** The encoded {@code register} line, sent first on every connection. */
	byte[] registerLine() {
		return this.register;
	}

	/**
	 * Starts observing a request when the server has observers.
	 * @param known whether it names a method or topic request the server serves
	 * @return the observation, {@code null} when nobody observes
	 */
	CallObservers.Observation observe(WireMessage.Request message, boolean known, IpcPeer peer) {
		if (this.observers == null) {
			return null;
		}
		return this.observers.callStarted(new ObservedRequest(message.method(), known, message.meta(), peer,
				this.serverAddress.get(), !message.hasRid()));
	}

	boolean isShuttingDown() {
		return this.shuttingDown;
	}

	void callStarted() {
		this.activeCalls.incrementAndGet();
	}

	void callFinished() {
		callsFinished(1);
	}

	/** Counts calls that ended together, such as those of a connection that closed. */
	void callsFinished(int count) {
		if (count > 0 && this.activeCalls.addAndGet(-count) == 0 && this.shuttingDown) {
			synchronized (this.idle) {
				this.idle.notifyAll();
			}
		}
	}

	int activeCalls() {
		return this.activeCalls.get();
	}

	/**
	 * Marks the server as shutting down (new calls are refused) and waits for running
	 * calls to finish.
	 * @return {@code true} when every call finished within the timeout
	 */
	boolean shutDownAndAwaitIdle(Duration timeout) throws InterruptedException {
		this.shuttingDown = true;
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.idle) {
			while (this.activeCalls.get() > 0) {
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					return false;
				}
				TimeUnit.NANOSECONDS.timedWait(this.idle, remaining);
			}
		}
		return true;
	}

	/**
	 * A log limiter per exposed method, so that its size is bounded by the registry's.
	 * Thread-safe.
	 */
	static final class MethodLogs {

		private final Map<ServiceMethod, LogLimiter> limiters = new ConcurrentHashMap<>();

		LogLimiter limiter(ServiceMethod method) {
			return this.limiters.computeIfAbsent(method, (key) -> new LogLimiter(LOG_INTERVAL));
		}

	}

}
