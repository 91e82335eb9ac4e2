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

import dev.socketipc.protocol.WireCodec;
import dev.socketipc.protocol.WireFeatures;
import dev.socketipc.transport.IoTransport;
import dev.socketipc.transport.IpcAddress;
import dev.socketipc.transport.IpcBindException;
import dev.socketipc.transport.LocalCredentials;
import dev.socketipc.transport.Transports;
import dev.socketipc.transport.UnixSocketBinding;
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
 * its services, on a Unix socket, a TCP port, or a {@code local:} name that only clients
 * in the same JVM reach (for tests: no file, lock or port, the same lines, limits and
 * errors).
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

	/**
	 * The revision of {@code docs/protocol.md} the server implements, sent as
	 * {@code protocol} in its {@code register} line.
	 */
	public static final int PROTOCOL_REVISION = WireCodec.PROTOCOL_VERSION;

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

	private final List<IpcServerObserver> observers;

	private final int ioThreads;

	/** The transport asked for: the builder's, or the system property's. */
	private final IoTransport transport;

	private final Set<PosixFilePermission> socketPermissions;

	private final Set<PosixFilePermission> socketDirectoryPermissions;

	private final ServerPipeline.Limits limits;

	private final StartLine startLine;

	private final IpcServerStatistics statistics = new IpcServerStatistics();

	/** The topics and their subscribers, across runs. */
	private final EventHub events;

	private final int maxStreamItems;

	/** Read without the monitor by {@link #state()}: it changes while stop() waits. */
	private volatile State state = State.STOPPED;

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

	IpcServer(IpcServerBuilder builder) {
		this.address = Objects.requireNonNull(builder.address, "address");
		this.codec = (builder.codec != null) ? builder.codec : WireCodec.create();
		this.executor = builder.executor;
		this.maxInFlight = builder.maxInFlight;
		this.registry = ServiceRegistry.of(builder.services, this.codec);
		this.events = new EventHub(this.codec, topics(builder.topics, this.registry), this.registry.topics(),
				builder.eventBufferSize, builder.eventOverflow);
		this.maxStreamItems = builder.maxStreamItems;
		this.ioThreads = builder.ioThreads;
		this.transport = (builder.transport != null) ? builder.transport : IoTransport.fromSystemProperty();
		this.socketPermissions = builder.socketPermissions;
		this.shutdownTimeout = builder.shutdownTimeout;
		this.socketDirectoryPermissions = builder.socketDirectoryPermissions;
		this.errorDetails = builder.errorDetails;
		this.interceptors = List.copyOf(builder.interceptors);
		this.exceptionHandlers = List.copyOf(builder.exceptionHandlers);
		this.observers = List.copyOf(builder.observers);
		boolean restricted = !builder.allowedUids.isEmpty() || !builder.allowedGids.isEmpty();
		if (restricted && this.address instanceof IpcAddress.Tcp) {
			throw new IllegalStateException(
					"allowed-uids/allowed-gids need a Unix socket or local: address: the credentials of a "
							+ "TCP peer cannot be known, got " + this.address);
		}
		if (builder.tls != null && this.address instanceof IpcAddress.Local) {
			throw new IllegalStateException("TLS (ipc.server.ssl) cannot be used with " + this.address
					+ ": a local: address never leaves this JVM, so there is nothing to encrypt; "
					+ "remove the TLS settings or use a tcp:// address");
		}
		PeerCredentialsCheck peerCheck = null;
		if (this.address instanceof IpcAddress.Unix) {
			peerCheck = PeerCredentialsCheck.create(builder.allowedUids, builder.allowedGids, this.statistics);
		}
		else if (this.address instanceof IpcAddress.Local) {
			peerCheck = PeerCredentialsCheck.local(localPeer(builder), builder.allowedUids, builder.allowedGids,
					this.statistics);
		}
		this.startLine = new StartLine(builder);
		this.limits = new ServerPipeline.Limits(builder.maxLineLength, builder.maxConnections, peerCheck, builder.tls,
				builder.idleTimeout, builder.readTimeout);
	}

	/**
	 * The topics listed in {@code register}: the builder's, then those of
	 * {@code @IpcTopic} methods that the builder did not declare.
	 */
	private static List<String> topics(List<String> declared, ServiceRegistry registry) {
		List<String> topics = new ArrayList<>(declared);
		for (String topic : registry.topics().keySet()) {
			if (!topics.contains(topic)) {
				topics.add(topic);
			}
		}
		return topics;
	}

	private static java.util.Optional<jdk.net.UnixDomainPrincipal> localPeer(IpcServerBuilder builder) {
		if (builder.localPeerUid >= 0) {
			return java.util.Optional.of(LocalCredentials.of(builder.localPeerUid, builder.localPeerGid));
		}
		return LocalCredentials.ofThisProcess();
	}

	/**
	 * Starts building a server.
	 * @return a new builder
	 */
	public static IpcServerBuilder builder() {
		return new IpcServerBuilder();
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
			IoTransport transport = (this.address instanceof IpcAddress.Local) ? IoTransport.NIO
					: this.transport.resolve();
			EventLoopGroup group = Transports.newEventLoopGroup(this.ioThreads, "ipc-server", false, this.address,
					transport);
			Executor executor = this.executor;
			if (executor == null) {
				this.ownedExecutor = Executors.newCachedThreadPool(new DefaultThreadFactory("ipc-call", true));
				executor = this.ownedExecutor;
			}
			this.runtime = new ServerRuntime(this.registry, this.codec, executor, this.maxInFlight,
					this.shutdownTimeout, this.errorDetails, this.interceptors, this.exceptionHandlers, this.observers,
					this::address, this.statistics, this.events, this.maxStreamItems);
			try {
				this.connections = new DefaultChannelGroup("ipc-connections", GlobalEventExecutor.INSTANCE);
				this.serverChannel = bind(group, transport,
						new ServerPipeline(this.runtime, this.limits, this.connections));
				this.group = group;
				this.boundAddress = resolveBoundAddress();
				this.statistics.callsInFlight(this.runtime::activeCalls);
				this.state = State.RUNNING;
				if (logger.isInfoEnabled()) {
					logger.info("{}", this.startLine.format(this.boundAddress.toString(), this.registry.names(),
							topics(), (this.address instanceof IpcAddress.Local) ? null : transport));
				}
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

	private Channel bind(EventLoopGroup group, IoTransport transport, ServerPipeline pipeline) throws IOException {
		ServerBootstrap bootstrap = new ServerBootstrap().group(group)
			.channel(Transports.serverChannelType(this.address, transport))
			.childHandler(pipeline);
		if (this.address instanceof IpcAddress.Tcp tcp) {
			bootstrap.childOption(ChannelOption.TCP_NODELAY, true);
			if (!tcp.isLoopback()) {
				logger.warn("IPC server binds {}, which is not a loopback address: other machines can call it{}", tcp,
						(this.limits.tls() != null) ? "" : ", and without TLS (set ipc.server.ssl.bundle)");
			}
			return bootstrap.bind(this.address.socketAddress()).syncUninterruptibly().channel();
		}
		if (this.address instanceof IpcAddress.Local local) {
			// no file, lock or port: the name stays in Netty's registry until the channel
			// closes
			return bootstrap.bind(local.socketAddress()).syncUninterruptibly().channel();
		}
		IpcAddress.Unix unix = (IpcAddress.Unix) this.address;
		this.socketFile = UnixSocketBinding.prepare(unix.path(), this.socketDirectoryPermissions);
		return this.socketFile.bind(this.socketPermissions,
				(socketAddress) -> bootstrap.bind(Transports.socketAddress(socketAddress, transport))
					.syncUninterruptibly()
					.channel());
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
			this.state = State.DRAINING;
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
			this.group.shutdownGracefully(Transports.quietPeriodMillis(this.address), 2000, TimeUnit.MILLISECONDS)
				.syncUninterruptibly();
			shutDownOwnedExecutor();
			if (this.socketFile != null) {
				this.socketFile.close();
				this.socketFile = null;
			}
			this.serverChannel = null;
			this.statistics.callsInFlight(() -> 0);
			this.state = State.STOPPED;
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
		return this.statistics.openConnections();
	}

	/**
	 * Returns where the server stands: stopped, running, or draining while
	 * {@link #stop()} waits for the calls in flight. Never blocks.
	 * @return the state
	 */
	public State state() {
		return this.state;
	}

	/**
	 * Returns the server's live figures: open connections, calls in flight, refused
	 * connections, and lines answered {@code PARSE_ERROR} or {@code TOO_LARGE}.
	 * @return the statistics, the same object for the server's lifetime
	 */
	public IpcServerStatistics statistics() {
		return this.statistics;
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
	 * once started; for {@code local:}, the {@link IpcAddress.Local} bound.
	 * @return the bound address, or the configured one before the server starts
	 */
	public IpcAddress address() {
		IpcAddress bound = this.boundAddress;
		return (bound != null) ? bound : this.address;
	}

	/**
	 * Where a server stands.
	 */
	public enum State {

		/** Not started, or stopped: nothing is bound. */
		STOPPED,

		/** Bound and serving. */
		RUNNING,

		/**
		 * {@link IpcServer#stop()} is under way: no new connection is accepted, new calls
		 * are answered {@code SHUTTING_DOWN}, and the calls in flight get up to the
		 * shutdown timeout to finish.
		 */
		DRAINING

	}

	/**
	 * Returns the protocol extensions the server lists as {@code features} in its
	 * {@code register} message, in the order sent.
	 * @return the extension names, such as {@code ping} and {@code meta}
	 */
	public List<String> features() {
		return WireFeatures.SERVER;
	}

	/**
	 * Returns the names the server announces in its {@code register} message.
	 * @return the exposed method names
	 */
	public List<String> methodNames() {
		return this.registry.names();
	}

	/**
	 * Returns the publisher of this server's events, usable before the server starts
	 * (events published while it is not running reach nobody).
	 * @return the event publisher
	 */
	public IpcEventPublisher events() {
		return this.events;
	}

	/**
	 * Returns the topics the server lists in its {@code register} message: those declared
	 * on the builder, then those of {@code @IpcTopic} methods.
	 * @return the topic names
	 */
	public List<String> topics() {
		return this.events.topics();
	}

	/** The event hub itself, for tests that look at the subscribers' outboxes. */
	EventHub eventHub() {
		return this.events;
	}

}
