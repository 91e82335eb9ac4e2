package dev.socketipc.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.socketipc.protocol.WireCodec;
import dev.socketipc.transport.IpcAddress;
import dev.socketipc.transport.IpcBindException;
import dev.socketipc.transport.Tls;
import dev.socketipc.transport.Transports;
import dev.socketipc.transport.UnixSocketBinding;
import dev.socketipc.transport.UnixSocketFile;
import dev.socketipc.transport.DurationText;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A socket server that speaks the line-delimited JSON protocol and dispatches calls to
 * its services.
 *
 * <p>
 * Create one with {@link #builder()}, then {@link #start()} and {@link #stop()} it; it
 * has no dependency on Spring. This class is thread-safe.
 *
 * <pre>{@code
 * IpcServer server = IpcServer.builder()
 *     .address(IpcAddress.parse("unix:/tmp/calc.sock"))
 *     .service(ServiceDefinition.of("", new Calculator()))
 *     .build();
 * server.start();
 * }</pre>
 */
public final class IpcServer {

	private static final Logger logger = LoggerFactory.getLogger(IpcServer.class);

	private final IpcAddress address;

	private final ServiceRegistry registry;

	private final WireCodec codec;

	/**
	 * The executor given to the builder, or {@code null} when the server owns one per
	 * run.
	 */
	private final Executor executor;

	private final int maxInFlight;

	private final Duration shutdownTimeout;

	private final ErrorDetails errorDetails;

	private final List<IpcServerInterceptor> interceptors;

	private final List<IpcExceptionHandler> exceptionHandlers;

	private final int ioThreads;

	private final Set<PosixFilePermission> socketPermissions;

	private final Set<PosixFilePermission> socketDirectoryPermissions;

	private final ServerPipeline.Limits limits;

	private final AtomicInteger openConnections = new AtomicInteger();

	/** Guards start and stop, and every field below. */
	private final Object monitor = new Object();

	/**
	 * What the connections of one run share; a new one on every start, so that a stopped
	 * server can start again.
	 */
	private ServerRuntime runtime;

	private ExecutorService ownedExecutor;

	private EventLoopGroup group;

	private ChannelGroup connections;

	private Channel serverChannel;

	private UnixSocketBinding socketFile;

	/** Read without the monitor by {@link #address()}. */
	private volatile IpcAddress boundAddress;

	private IpcServer(Builder builder) {
		this.address = Objects.requireNonNull(builder.address, "address");
		this.codec = (builder.codec != null) ? builder.codec : WireCodec.create();
		this.executor = builder.executor;
		this.maxInFlight = builder.maxInFlight;
		this.registry = ServiceRegistry.of(builder.services, this.codec);
		this.ioThreads = builder.ioThreads;
		this.socketPermissions = builder.socketPermissions;
		this.shutdownTimeout = builder.shutdownTimeout;
		this.socketDirectoryPermissions = builder.socketDirectoryPermissions;
		this.errorDetails = builder.errorDetails;
		this.interceptors = List.copyOf(builder.interceptors);
		this.exceptionHandlers = List.copyOf(builder.exceptionHandlers);
		boolean restricted = !builder.allowedUids.isEmpty() || !builder.allowedGids.isEmpty();
		if (restricted && !(this.address instanceof IpcAddress.Unix)) {
			throw new IllegalStateException(
					"allowed-uids/allowed-gids need a Unix socket address: the credentials of a "
							+ "TCP peer cannot be known, got " + this.address);
		}
		PeerCredentialsCheck peerCheck = (this.address instanceof IpcAddress.Unix)
				? PeerCredentialsCheck.create(builder.allowedUids, builder.allowedGids) : null;
		this.limits = new ServerPipeline.Limits(builder.maxLineLength, builder.maxConnections, peerCheck, builder.tls,
				builder.idleTimeout, builder.readTimeout);
	}

	/**
	 * Starts building a server.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Binds the address and starts accepting connections. A stopped server can be started
	 * again.
	 * @throws IpcBindException naming the address, and why, when it cannot be bound
	 */
	public void start() {
		synchronized (this.monitor) {
			if (this.serverChannel != null) {
				return;
			}
			EventLoopGroup group = Transports.newEventLoopGroup(this.ioThreads, "ipc-server");
			Executor executor = this.executor;
			if (executor == null) {
				this.ownedExecutor = Executors.newCachedThreadPool(new DefaultThreadFactory("ipc-call", true));
				executor = this.ownedExecutor;
			}
			this.runtime = new ServerRuntime(this.registry, this.codec, executor, this.maxInFlight,
					this.shutdownTimeout, this.errorDetails, this.interceptors, this.exceptionHandlers);
			try {
				this.connections = new DefaultChannelGroup("ipc-connections", GlobalEventExecutor.INSTANCE);
				this.serverChannel = bind(group,
						new ServerPipeline(this.runtime, this.limits, this.openConnections, this.connections));
				this.group = group;
				this.boundAddress = resolveBoundAddress();
				logger.info("IPC server listening on {} with {} method(s)", this.boundAddress,
						this.registry.names().size());
			}
			catch (RuntimeException | IOException ex) {
				this.serverChannel = null;
				if (this.socketFile != null) {
					this.socketFile.releaseLock();
					this.socketFile = null;
				}
				shutDownOwnedExecutor();
				group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
				throw IpcBindException.of(this.address, ex);
			}
		}
	}

	private Channel bind(EventLoopGroup group, ServerPipeline pipeline) throws IOException {
		ServerBootstrap bootstrap = new ServerBootstrap().group(group)
			.channel(Transports.serverChannelType(this.address))
			.childHandler(pipeline);
		if (this.address instanceof IpcAddress.Tcp tcp) {
			bootstrap.childOption(ChannelOption.TCP_NODELAY, true);
			if (!tcp.isLoopback()) {
				logger.warn("IPC server binds {}, which is not a loopback address: other machines can call it{}", tcp,
						(this.limits.tls() != null) ? "" : ", and without TLS (set ipc.server.ssl.bundle)");
			}
			return bootstrap.bind(this.address.socketAddress()).syncUninterruptibly().channel();
		}
		IpcAddress.Unix unix = (IpcAddress.Unix) this.address;
		this.socketFile = UnixSocketBinding.prepare(unix.path(), this.socketDirectoryPermissions);
		return this.socketFile.bind(this.socketPermissions,
				(socketAddress) -> bootstrap.bind(socketAddress).syncUninterruptibly().channel());
	}

	private IpcAddress resolveBoundAddress() {
		if (this.address instanceof IpcAddress.Tcp tcp
				&& this.serverChannel.localAddress() instanceof InetSocketAddress bound) {
			return new IpcAddress.Tcp(tcp.host(), bound.getPort());
		}
		if (this.address instanceof IpcAddress.Unix unix && !unix.path().isAbsolute()) {
			Path absolute = unix.path().toAbsolutePath();
			try {
				// the directory as the kernel resolved it, "../" and links included
				return new IpcAddress.Unix(absolute.getParent().toRealPath().resolve(absolute.getFileName()));
			}
			catch (IOException ex) {
				return new IpcAddress.Unix(absolute);
			}
		}
		return this.address;
	}

	/**
	 * Stops the server gracefully: stops accepting, lets running calls finish up to the
	 * shutdown timeout, answers the rest with {@code SHUTTING_DOWN}, closes every
	 * connection and removes the socket file.
	 */
	public void stop() {
		synchronized (this.monitor) {
			if (this.serverChannel == null) {
				return;
			}
			this.serverChannel.close().syncUninterruptibly();
			try {
				if (!this.runtime.shutDownAndAwaitIdle(this.shutdownTimeout)) {
					logger.warn(
							"IPC server on {}: {} call(s) still running after the shutdown timeout of {}; "
									+ "answering them SHUTTING_DOWN",
							this.boundAddress, this.runtime.activeCalls(), DurationText.format(this.shutdownTimeout));
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			closeConnections();
			this.group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
			shutDownOwnedExecutor();
			if (this.socketFile != null) {
				this.socketFile.close();
				this.socketFile = null;
			}
			this.serverChannel = null;
			logger.info("IPC server on {} stopped", this.boundAddress);
		}
	}

	private void closeConnections() {
		List<ChannelFuture> closing = new ArrayList<>();
		for (Channel channel : this.connections) {
			ServerConnection connection = channel.pipeline().get(ServerConnection.class);
			if (connection == null) {
				closing.add(channel.close());
				continue;
			}
			var drained = channel.eventLoop().submit(connection::drainAndClose);
			closing.add(channel.closeFuture());
			drained.awaitUninterruptibly(1, TimeUnit.SECONDS);
		}
		for (ChannelFuture future : closing) {
			future.awaitUninterruptibly(1, TimeUnit.SECONDS);
		}
	}

	private void shutDownOwnedExecutor() {
		if (this.ownedExecutor != null) {
			this.ownedExecutor.shutdownNow();
			this.ownedExecutor = null;
		}
	}

	/**
	 * Returns the number of open connections, refused ones included until they close.
	 * @return the open connections
	 */
	public int connectionCount() {
		return this.openConnections.get();
	}

	/**
	 * Tells whether the server is accepting connections.
	 * @return {@code true} between {@link #start()} and {@link #stop()}
	 */
	public boolean isRunning() {
		synchronized (this.monitor) {
			return this.serverChannel != null;
		}
	}

	/**
	 * Returns the address the server listens on; for TCP port 0, the port actually bound
	 * once started.
	 * @return the bound address, or the configured one before the server starts
	 */
	public IpcAddress address() {
		IpcAddress bound = this.boundAddress;
		return (bound != null) ? bound : this.address;
	}

	/**
	 * Returns the names the server announces in its {@code register} message.
	 * @return the exposed method names
	 */
	public List<String> methodNames() {
		return this.registry.names();
	}

	/**
	 * Builds an {@link IpcServer}. Every setting but the address has a default.
	 */
	public static final class Builder {

		/** Default longest line accepted, in bytes. */
		public static final int DEFAULT_MAX_LINE_LENGTH = 1024 * 1024;

		/** Default calls running at once per connection. */
		public static final int DEFAULT_MAX_IN_FLIGHT = 1024;

		/** Default permissions of a Unix socket file. */
		public static final String DEFAULT_SOCKET_PERMISSIONS = "rw-------";

		/** Default time running calls get to finish when the server stops. */
		public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

		/**
		 * Default choice of what a caller reads of an exception: messages meant for it
		 * only.
		 */
		public static final ErrorDetails DEFAULT_ERROR_DETAILS = ErrorDetails.EXPECTED;

		/** Default time a line may stay incomplete before its connection is closed. */
		public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);

		private IpcAddress address;

		private final List<ServiceDefinition> services = new ArrayList<>();

		private WireCodec codec;

		private Executor executor;

		private int maxLineLength = DEFAULT_MAX_LINE_LENGTH;

		private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;

		private int ioThreads;

		private Set<PosixFilePermission> socketPermissions = UnixSocketFile
			.parsePermissions(DEFAULT_SOCKET_PERMISSIONS);

		private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;

		private Duration readTimeout = DEFAULT_READ_TIMEOUT;

		private Duration idleTimeout = Duration.ZERO;

		private int maxConnections;

		private Set<PosixFilePermission> socketDirectoryPermissions;

		private List<Long> allowedUids = List.of();

		private List<Long> allowedGids = List.of();

		private Tls tls;

		private ErrorDetails errorDetails = DEFAULT_ERROR_DETAILS;

		private final List<IpcServerInterceptor> interceptors = new ArrayList<>();

		private final List<IpcExceptionHandler> exceptionHandlers = new ArrayList<>();

		private Builder() {
		}

		/**
		 * Sets where to listen.
		 * @param address a Unix socket path or TCP host and port
		 * @return this builder
		 */
		public Builder address(IpcAddress address) {
			this.address = address;
			return this;
		}

		/**
		 * Adds a service whose methods the server exposes.
		 * @param service the service
		 * @return this builder
		 */
		public Builder service(ServiceDefinition service) {
			this.services.add(Objects.requireNonNull(service, "service"));
			return this;
		}

		/**
		 * Sets the codec, and so the Jackson mapper that converts arguments and results.
		 * @param codec the codec
		 * @return this builder
		 */
		public Builder codec(WireCodec codec) {
			this.codec = codec;
			return this;
		}

		/**
		 * Sets the executor that runs service methods; by default the server owns a
		 * cached thread pool.
		 * @param executor the executor, never a Netty event loop
		 * @return this builder
		 */
		public Builder executor(Executor executor) {
			this.executor = executor;
			return this;
		}

		/**
		 * Sets the longest line accepted; a longer one is answered {@code TOO_LARGE} and
		 * its connection closed.
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
		 * Sets how many calls may run at once on one connection before the server stops
		 * reading it.
		 * @param calls the limit, at least 1
		 * @return this builder
		 */
		public Builder maxInFlight(int calls) {
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
		public Builder ioThreads(int threads) {
			if (threads < 0) {
				throw new IllegalArgumentException("io-threads must not be negative, got " + threads);
			}
			this.ioThreads = threads;
			return this;
		}

		/**
		 * Sets the permissions of a Unix socket file.
		 * @param permissions the permissions, or {@code null} to keep what the umask
		 * gives
		 * @return this builder
		 */
		public Builder socketPermissions(Set<PosixFilePermission> permissions) {
			this.socketPermissions = permissions;
			return this;
		}

		/**
		 * Sets how long {@link IpcServer#stop()} waits for running calls.
		 * @param timeout the timeout, not negative
		 * @return this builder
		 */
		public Builder shutdownTimeout(Duration timeout) {
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
		public Builder readTimeout(Duration timeout) {
			this.readTimeout = nonNegative("read-timeout", timeout);
			return this;
		}

		/**
		 * Sets how long a connection may go without reading or writing anything, and with
		 * no call running, before it is closed; clients keep quiet connections open with
		 * {@code ping}.
		 * @param timeout the timeout, {@code 0} (the default) to keep idle connections
		 * @return this builder
		 */
		public Builder idleTimeout(Duration timeout) {
			this.idleTimeout = nonNegative("idle-timeout", timeout);
			return this;
		}

		/**
		 * Sets how many connections the server keeps open at once; past it a new
		 * connection gets an {@code OVERLOADED} error line and is closed.
		 * @param connections the limit, {@code 0} (the default) for none
		 * @return this builder
		 */
		public Builder maxConnections(int connections) {
			if (connections < 0) {
				throw new IllegalArgumentException("max-connections must not be negative, got " + connections);
			}
			this.maxConnections = connections;
			return this;
		}

		/**
		 * Sets the permissions of directories created for a Unix socket, such as
		 * {@code rwx------}, so that the socket is never reachable by others even before
		 * its own permissions are set.
		 * @param permissions the permissions, or {@code null} (the default) to keep what
		 * the umask gives
		 * @return this builder
		 */
		public Builder socketDirectoryPermissions(Set<PosixFilePermission> permissions) {
			this.socketDirectoryPermissions = permissions;
			return this;
		}

		/**
		 * Restricts a Unix socket server to peers whose process runs as one of these user
		 * ids, or as one of the group ids of {@link #allowedGids(List)}; others are
		 * closed before any request runs.
		 * @param uids the allowed user ids, empty (the default) for any
		 * @return this builder
		 */
		public Builder allowedUids(List<Long> uids) {
			this.allowedUids = List.copyOf(uids);
			return this;
		}

		/**
		 * Restricts a Unix socket server to peers whose process runs with one of these
		 * group ids, or as one of the user ids of {@link #allowedUids(List)}.
		 * @param gids the allowed group ids, empty (the default) for any
		 * @return this builder
		 */
		public Builder allowedGids(List<Long> gids) {
			this.allowedGids = List.copyOf(gids);
			return this;
		}

		/**
		 * Serves TLS (the client must speak TLS too), optionally requiring client
		 * certificates.
		 * @param tls the TLS settings, or {@code null} (the default) for plaintext
		 * @return this builder
		 */
		public Builder tls(Tls tls) {
			this.tls = tls;
			return this;
		}

		/**
		 * Sets how much of a failed call's exception the caller reads; unexpected
		 * exceptions are logged whatever the choice.
		 * @param details the choice, {@link ErrorDetails#EXPECTED} by default
		 * @return this builder
		 */
		public Builder errorDetails(ErrorDetails details) {
			if (details == null) {
				throw new IllegalArgumentException("error-details must be one of message, expected or none");
			}
			this.errorDetails = details;
			return this;
		}

		/**
		 * Adds an interceptor around every call; interceptors apply in the order added,
		 * the first outermost.
		 * @param interceptor the interceptor
		 * @return this builder
		 */
		public Builder interceptor(IpcServerInterceptor interceptor) {
			this.interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
			return this;
		}

		/**
		 * Adds a handler that maps exceptions of service methods to a code and message;
		 * handlers are asked in the order added and the first answer wins.
		 * @param handler the handler
		 * @return this builder
		 */
		public Builder exceptionHandler(IpcExceptionHandler handler) {
			this.exceptionHandlers.add(Objects.requireNonNull(handler, "handler"));
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
		 * @throws IllegalStateException when two methods share a wire name
		 */
		public IpcServer build() {
			return new IpcServer(this);
		}

	}

}
