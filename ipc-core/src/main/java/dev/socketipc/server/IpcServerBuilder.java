package dev.socketipc.server;

import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import dev.socketipc.protocol.WireCodec;
import dev.socketipc.transport.IoTransport;
import dev.socketipc.transport.IpcAddress;
import dev.socketipc.transport.Tls;
import dev.socketipc.transport.UnixSocketFile;
import dev.socketipc.transport.DurationText;

/**
 * Builds an {@link IpcServer}. Every setting but the address has a default.
 */
public final class IpcServerBuilder {

	/**
	 * Default number of events a connection queues before its overflow policy applies.
	 */
	public static final int DEFAULT_EVENT_BUFFER_SIZE = 1024;

	/** Default of what a connection does with an event when its buffer is full. */
	public static final EventOverflow DEFAULT_EVENT_OVERFLOW = EventOverflow.DROP_OLDEST;

	/**
	 * Default number of items a streaming method may produce for a caller that did not
	 * ask for a stream (a seed client), collected into one array.
	 */
	public static final int DEFAULT_MAX_STREAM_ITEMS = 10_000;

	/** Default longest line accepted, in bytes. */
	public static final int DEFAULT_MAX_LINE_LENGTH = 1024 * 1024;

	/** Default calls running at once per connection. */
	public static final int DEFAULT_MAX_IN_FLIGHT = 1024;

	/** Default permissions of a Unix socket file. */
	public static final String DEFAULT_SOCKET_PERMISSIONS = "rw-------";

	/** Default time running calls get to finish when the server stops. */
	public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

	/**
	 * Default choice of what a caller reads of an exception: messages meant for it only.
	 */
	public static final ErrorDetails DEFAULT_ERROR_DETAILS = ErrorDetails.EXPECTED;

	/** Default time a line may stay incomplete before its connection is closed. */
	public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);

	IpcAddress address;

	final List<ServiceDefinition> services = new ArrayList<>();

	WireCodec codec;

	Executor executor;

	int maxLineLength = DEFAULT_MAX_LINE_LENGTH;

	int maxInFlight = DEFAULT_MAX_IN_FLIGHT;

	int ioThreads;

	IoTransport transport;

	Set<PosixFilePermission> socketPermissions = UnixSocketFile.parsePermissions(DEFAULT_SOCKET_PERMISSIONS);

	Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;

	Duration readTimeout = DEFAULT_READ_TIMEOUT;

	Duration idleTimeout = Duration.ZERO;

	int maxConnections;

	Set<PosixFilePermission> socketDirectoryPermissions;

	List<Long> allowedUids = List.of();

	List<Long> allowedGids = List.of();

	Tls tls;

	/** The uid a {@code local:} connection reports, {@code -1} for this JVM's own. */
	long localPeerUid = -1;

	/** The gid a {@code local:} connection reports, {@code -1} for this JVM's own. */
	long localPeerGid = -1;

	ErrorDetails errorDetails = DEFAULT_ERROR_DETAILS;

	final List<IpcServerInterceptor> interceptors = new ArrayList<>();

	final List<IpcExceptionHandler> exceptionHandlers = new ArrayList<>();

	final List<IpcServerObserver> observers = new ArrayList<>();

	/** Topics declared by name, beside those of {@code @IpcTopic} methods. */
	final List<String> topics = new ArrayList<>();

	int eventBufferSize = DEFAULT_EVENT_BUFFER_SIZE;

	EventOverflow eventOverflow = DEFAULT_EVENT_OVERFLOW;

	int maxStreamItems = DEFAULT_MAX_STREAM_ITEMS;

	IpcServerBuilder() {
	}

	/**
	 * Declares a topic that {@link IpcServer#events()} publishes to, listed in the
	 * {@code register} message's {@code topics}. Topics of {@code @IpcTopic} service
	 * methods are declared by their methods.
	 * @param name the topic: not empty, not starting with {@code $}
	 * @return this builder
	 * @throws IllegalArgumentException when the name is empty, reserved or declared twice
	 */
	public IpcServerBuilder topic(String name) {
		String topic = TopicMethods.checkName(name, "ipc.server.topics");
		if (this.topics.contains(topic)) {
			throw new IllegalArgumentException("Topic '" + topic + "' is declared twice in ipc.server.topics");
		}
		this.topics.add(topic);
		return this;
	}

	/**
	 * Sets how many events one connection queues while its client does not read them fast
	 * enough; past it the {@linkplain #eventOverflow overflow policy} applies. Default
	 * {@value #DEFAULT_EVENT_BUFFER_SIZE}.
	 * @param events at least 1
	 * @return this builder
	 */
	public IpcServerBuilder eventBufferSize(int events) {
		if (events < 1) {
			throw new IllegalArgumentException("events.buffer-size must be at least 1, got " + events);
		}
		this.eventBufferSize = events;
		return this;
	}

	/**
	 * Sets what a connection does with an event when its buffer is full. Default
	 * {@link EventOverflow#DROP_OLDEST}.
	 * @param overflow the policy
	 * @return this builder
	 */
	public IpcServerBuilder eventOverflow(EventOverflow overflow) {
		if (overflow == null) {
			throw new IllegalArgumentException("events.overflow must be one of drop-oldest, drop-newest or close");
		}
		this.eventOverflow = overflow;
		return this;
	}

	/**
	 * Sets how many items a streaming method may produce for a caller that did not ask
	 * for a stream; past it the call is answered {@code TOO_MANY_ITEMS} and the method's
	 * publisher is cancelled. Default {@value #DEFAULT_MAX_STREAM_ITEMS}.
	 * @param items at least 1
	 * @return this builder
	 */
	public IpcServerBuilder maxStreamItems(int items) {
		if (items < 1) {
			throw new IllegalArgumentException("max-stream-items must be at least 1, got " + items);
		}
		this.maxStreamItems = items;
		return this;
	}

	/**
	 * Sets where to listen.
	 * @param address a Unix socket path, a TCP host and port, or a {@code local:} name
	 * (in-JVM only)
	 * @return this builder
	 */
	public IpcServerBuilder address(IpcAddress address) {
		this.address = address;
		return this;
	}

	/**
	 * Adds a service whose methods the server exposes.
	 * @param service the service
	 * @return this builder
	 */
	public IpcServerBuilder service(ServiceDefinition service) {
		this.services.add(Objects.requireNonNull(service, "service"));
		return this;
	}

	/**
	 * Sets the codec, and so the Jackson mapper that converts arguments and results.
	 * @param codec the codec
	 * @return this builder
	 */
	public IpcServerBuilder codec(WireCodec codec) {
		this.codec = codec;
		return this;
	}

	/**
	 * Sets the executor that runs service methods; by default the server owns a cached
	 * thread pool.
	 * @param executor the executor, never a Netty event loop
	 * @return this builder
	 */
	public IpcServerBuilder executor(Executor executor) {
		this.executor = executor;
		return this;
	}

	/**
	 * Sets the longest line accepted; a longer one is answered {@code TOO_LARGE} and its
	 * connection closed.
	 * @param bytes the limit in bytes, at least 64
	 * @return this builder
	 */
	public IpcServerBuilder maxLineLength(int bytes) {
		if (bytes < 64) {
			throw new IllegalArgumentException("max-line-length must be at least 64 bytes, got " + bytes);
		}
		this.maxLineLength = bytes;
		return this;
	}

	/**
	 * Sets how many calls may run at once on one connection. Past it, as many more calls
	 * wait to run while the connection is still read (so that a {@code cancel} reaches
	 * the streams filling the window); past those, the server stops reading it.
	 * @param calls the limit, at least 1
	 * @return this builder
	 */
	public IpcServerBuilder maxInFlight(int calls) {
		if (calls < 1) {
			throw new IllegalArgumentException("max-in-flight must be at least 1, got " + calls);
		}
		this.maxInFlight = calls;
		return this;
	}

	/**
	 * Sets the number of I/O threads.
	 * @param threads the count, {@code 0} for Netty's default
	 * @return this builder
	 */
	public IpcServerBuilder ioThreads(int threads) {
		if (threads < 0) {
			throw new IllegalArgumentException("io-threads must not be negative, got " + threads);
		}
		this.ioThreads = threads;
		return this;
	}

	/**
	 * Sets the I/O transport of a Unix or TCP server: NIO, or Netty's native epoll or
	 * io_uring, whose jars must then be on the class path. Without it the system property
	 * {@value IoTransport#PROPERTY} decides, {@code auto} when unset.
	 * @param transport the transport, {@code null} for the system property's
	 * @return this builder
	 */
	public IpcServerBuilder transport(IoTransport transport) {
		this.transport = transport;
		return this;
	}

	/**
	 * Sets the permissions of a Unix socket file.
	 * @param permissions the permissions, or {@code null} to keep what the umask gives
	 * @return this builder
	 */
	public IpcServerBuilder socketPermissions(Set<PosixFilePermission> permissions) {
		this.socketPermissions = permissions;
		return this;
	}

	/**
	 * Sets how long {@link IpcServer#stop()} waits for running calls.
	 * @param timeout the timeout, not negative
	 * @return this builder
	 */
	public IpcServerBuilder shutdownTimeout(Duration timeout) {
		if (timeout == null || timeout.isNegative()) {
			throw new IllegalArgumentException(
					"shutdown-timeout must not be negative, got " + DurationText.format(timeout));
		}
		this.shutdownTimeout = timeout;
		return this;
	}

	/**
	 * Sets how long a line may stay incomplete (bytes without a newline) before the
	 * connection is closed.
	 * @param timeout the timeout, {@code 0} to never close
	 * @return this builder
	 */
	public IpcServerBuilder readTimeout(Duration timeout) {
		this.readTimeout = nonNegative("read-timeout", timeout);
		return this;
	}

	/**
	 * Sets how long a connection may go without reading or writing anything, and with no
	 * call running, before it is closed; clients keep quiet connections open with
	 * {@code ping}.
	 * @param timeout the timeout, {@code 0} (the default) to keep idle connections
	 * @return this builder
	 */
	public IpcServerBuilder idleTimeout(Duration timeout) {
		this.idleTimeout = nonNegative("idle-timeout", timeout);
		return this;
	}

	/**
	 * Sets how many connections the server keeps open at once; past it a new connection
	 * gets an {@code OVERLOADED} error line and is closed.
	 * @param connections the limit, {@code 0} (the default) for none
	 * @return this builder
	 */
	public IpcServerBuilder maxConnections(int connections) {
		if (connections < 0) {
			throw new IllegalArgumentException("max-connections must not be negative, got " + connections);
		}
		this.maxConnections = connections;
		return this;
	}

	/**
	 * Sets the permissions of directories created for a Unix socket, such as
	 * {@code rwx------}, so that the socket is never reachable by others even before its
	 * own permissions are set.
	 * @param permissions the permissions, or {@code null} (the default) to keep what the
	 * umask gives
	 * @return this builder
	 */
	public IpcServerBuilder socketDirectoryPermissions(Set<PosixFilePermission> permissions) {
		this.socketDirectoryPermissions = permissions;
		return this;
	}

	/**
	 * Restricts a Unix socket server to peers whose process runs as one of these user
	 * ids, or as one of the group ids of {@link #allowedGids(List)}; others are closed
	 * before any request runs. Over {@code local:} the ids checked are those of
	 * {@link #localPeer(long, long)}.
	 * @param uids the allowed user ids, empty (the default) for any
	 * @return this builder
	 */
	public IpcServerBuilder allowedUids(List<Long> uids) {
		this.allowedUids = List.copyOf(uids);
		return this;
	}

	/**
	 * Restricts a Unix socket server to peers whose process runs with one of these group
	 * ids, or as one of the user ids of {@link #allowedUids(List)}.
	 * @param gids the allowed group ids, empty (the default) for any
	 * @return this builder
	 */
	public IpcServerBuilder allowedGids(List<Long> gids) {
		this.allowedGids = List.copyOf(gids);
		return this;
	}

	/**
	 * Sets the credentials every connection to a {@code local:} address reports as its
	 * {@link IpcPeer}, and that {@link #allowedUids(List)} and {@link #allowedGids(List)}
	 * check, in place of the {@code SO_PEERCRED} of a Unix socket. By default they are
	 * this JVM's own uid and gid, as a client started by the same user shows over a Unix
	 * socket; a test sets others to see how the server treats another user. Ignored for
	 * Unix and TCP addresses.
	 * @param uid the user id the peer reports
	 * @param gid the group id the peer reports
	 * @return this builder
	 * @throws IllegalArgumentException when an id is negative
	 */
	public IpcServerBuilder localPeer(long uid, long gid) {
		if (uid < 0 || gid < 0) {
			throw new IllegalArgumentException(
					"local-peer uid and gid must not be negative, got uid " + uid + " and gid " + gid);
		}
		this.localPeerUid = uid;
		this.localPeerGid = gid;
		return this;
	}

	/**
	 * Serves TLS (the client must speak TLS too), optionally requiring client
	 * certificates. Not for {@code local:} addresses, which never leave the JVM.
	 * @param tls the TLS settings, or {@code null} (the default) for plaintext
	 * @return this builder
	 */
	public IpcServerBuilder tls(Tls tls) {
		this.tls = tls;
		return this;
	}

	/**
	 * Sets how much of a failed call's exception the caller reads; unexpected exceptions
	 * are logged whatever the choice.
	 * @param details the choice, {@link ErrorDetails#EXPECTED} by default
	 * @return this builder
	 */
	public IpcServerBuilder errorDetails(ErrorDetails details) {
		if (details == null) {
			throw new IllegalArgumentException("error-details must be one of message, expected or none");
		}
		this.errorDetails = details;
		return this;
	}

	/**
	 * Adds an interceptor around every call; interceptors apply in the order added, the
	 * first outermost.
	 * @param interceptor the interceptor
	 * @return this builder
	 */
	public IpcServerBuilder interceptor(IpcServerInterceptor interceptor) {
		this.interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
		return this;
	}

	/**
	 * Adds a handler that maps exceptions of service methods to a code and message;
	 * handlers are asked in the order added and the first answer wins.
	 * @param handler the handler
	 * @return this builder
	 */
	public IpcServerBuilder exceptionHandler(IpcExceptionHandler handler) {
		this.exceptionHandlers.add(Objects.requireNonNull(handler, "handler"));
		return this;
	}

	/**
	 * Adds an observer of every request, for metrics and traces; observers apply in the
	 * order added. Without one the server does no observation work per call.
	 * @param observer the observer
	 * @return this builder
	 */
	public IpcServerBuilder observer(IpcServerObserver observer) {
		this.observers.add(Objects.requireNonNull(observer, "observer"));
		return this;
	}

	private static Duration nonNegative(String name, Duration timeout) {
		if (timeout == null || timeout.isNegative()) {
			throw new IllegalArgumentException(name + " must not be negative, got " + DurationText.format(timeout));
		}
		return timeout;
	}

	/**
	 * Builds the server, reading the services' methods.
	 * @return the server, not yet started
	 * @throws IllegalStateException when two methods share a wire name, when
	 * allowed-uids/allowed-gids are set for a TCP address, or TLS for a {@code local:}
	 * one
	 */
	public IpcServer build() {
		return new IpcServer(this);
	}

}
