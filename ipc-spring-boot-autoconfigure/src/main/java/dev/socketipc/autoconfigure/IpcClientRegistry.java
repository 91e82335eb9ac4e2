package dev.socketipc.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import dev.socketipc.client.IpcConnectionBuilder;
import dev.socketipc.annotation.IpcClient;
import dev.socketipc.client.ClientContract;
import dev.socketipc.client.ClientOptions;
import dev.socketipc.client.IpcBalancer;
import dev.socketipc.client.IpcClientFactory;
import dev.socketipc.client.IpcClientInterceptor;
import dev.socketipc.client.IpcConnection;
import dev.socketipc.client.ReconnectBackoff;
import dev.socketipc.protocol.WireCodec;
import dev.socketipc.transport.IpcAddress;
import dev.socketipc.transport.SocketDirectory;
import dev.socketipc.transport.Tls;
import dev.socketipc.transport.Transports;
import io.netty.channel.EventLoopGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Creates the proxies of {@link IpcClient @IpcClient} interfaces and owns their
 * connections: one per server, shared by every interface that names it, all on one event
 * loop group of daemon threads. Eager (non-lazy) connections start connecting when the
 * context starts, after an IPC server of the same context. Closes them when the context
 * closes, failing pending calls with a clear message. This class is thread-safe.
 */
public class IpcClientRegistry implements DisposableBean, SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(IpcClientRegistry.class);

	private final IpcClientProperties properties;

	private final Environment environment;

	private final WireCodec codec;

	/** The event loops of every connection, on {@code ipc.transport}'s transport. */
	private final EventLoopGroup group;

	private final Map<String, IpcConnection> connections = new ConcurrentHashMap<>();

	/** A placeholder address, for parsing the interfaces of own-server clients early. */
	private static final IpcAddress UNBOUND = new IpcAddress.Tcp("localhost", 0);

	/** The same connections by server name, or by address for clients that name none. */
	private final Map<String, IpcConnection> connectionsByServer = new ConcurrentHashMap<>();

	/** Told of every entry of {@link #connectionsByServer}; guarded by itself. */
	private final List<BiConsumer<String, IpcConnection>> connectionListeners = new ArrayList<>();

	private final Set<Class<?>> clientTypes = ConcurrentHashMap.newKeySet();

	/** The contract checks by server name, or by address for clients that name none. */
	private final Map<String, ContractCheck> contractChecks = new ConcurrentHashMap<>();

	/**
	 * Connections of eager clients created before the context started; guarded by itself.
	 */
	private final Set<IpcConnection> toConnect = new LinkedHashSet<>();

	private boolean running;

	private final ObjectProvider<SslBundles> sslBundles;

	private final ObjectProvider<IpcClientInterceptor> interceptors;

	private final ClientHooks hooks;

	/** The proxies of {@code lb://} servers and their balancers. */
	private final BalancedClients balanced;

	/**
	 * Clients of the own server created before the context started, created on its
	 * address when it starts; guarded by {@link #toConnect}.
	 */
	private final List<Runnable> toAttach = new ArrayList<>();

	/**
	 * Creates a registry that can use SSL bundles for
	 * {@code ipc.client.servers.<name>.ssl.bundle}.
	 * @param properties the {@code ipc.client} properties
	 * @param environment resolves placeholders in {@link IpcClient#address()}
	 * @param codec the wire codec
	 * @param sslBundles the application's SSL bundles, may be {@code null}
	 */
	public IpcClientRegistry(IpcClientProperties properties, Environment environment, WireCodec codec,
			ObjectProvider<SslBundles> sslBundles) {
		this(properties, environment, codec, sslBundles, null);
	}

	/**
	 * Creates a registry whose proxies run the given interceptors around every call.
	 * @param properties the {@code ipc.client} properties
	 * @param environment resolves placeholders in {@link IpcClient#address()}
	 * @param codec the wire codec
	 * @param sslBundles the application's SSL bundles, may be {@code null}
	 * @param interceptors the interceptor beans, taken in {@code @Order} order when each
	 * proxy is created; may be {@code null} for none
	 */
	public IpcClientRegistry(IpcClientProperties properties, Environment environment, WireCodec codec,
			ObjectProvider<SslBundles> sslBundles, ObjectProvider<IpcClientInterceptor> interceptors) {
		this(properties, environment, codec, sslBundles, interceptors, ClientHooks.NONE);
	}

	IpcClientRegistry(IpcClientProperties properties, Environment environment, WireCodec codec,
			ObjectProvider<SslBundles> sslBundles, ObjectProvider<IpcClientInterceptor> interceptors,
			ClientHooks hooks) {
		this.group = Transports.newEventLoopGroup(0, "ipc-client", true, IpcTransportSetting.resolve(environment));
		this.hooks = hooks;
		this.balanced = new BalancedClients(hooks.balancerFactory(), codec);
		this.properties = properties;
		this.environment = environment;
		this.codec = codec;
		this.sslBundles = sslBundles;
		this.interceptors = interceptors;
	}

	/**
	 * Creates the proxy of an {@code @IpcClient} interface, connecting to its server
	 * unless lazy. A client of this application's own server (the address {@code self},
	 * or the server's configured address) connects to the address that server bound, once
	 * it has started. A client whose address is {@code lb://<serviceId>} spreads its
	 * calls over the service's instances through the {@link IpcBalancerFactory} bean.
	 * @param <T> the interface
	 * @param type the interface
	 * @return the proxy
	 * @throws IllegalStateException when the interface's server has no valid address
	 * @throws IllegalArgumentException when a method of the interface is not supported
	 */
	public <T> T createClient(Class<T> type) {
		IpcClient annotation = AnnotatedElementUtils.findMergedAnnotation(type, IpcClient.class);
		if (annotation == null) {
			throw new IllegalStateException(type.getName() + " is not annotated @IpcClient");
		}
		String name = annotation.value();
		IpcClientProperties.Server server = StringUtils.hasText(name) ? this.properties.getServers().get(name) : null;
		String text = addressText(type, annotation, server);
		IpcAddress configured = (OwnServer.SELF.equals(text) || BalancedAddress.matches(text)) ? null
				: address(type, annotation, server, text);
		String key = StringUtils.hasText(name) ? name : ((configured != null) ? configured.toString() : text);
		Duration timeout = (server != null && server.getTimeout() != null) ? server.getTimeout()
				: this.properties.getTimeout();
		Map<String, Duration> methodTimeouts = (server != null) ? server.getMethodTimeouts() : Map.of();
		boolean waitForReady = (server != null && server.getWaitForReady() != null) ? server.getWaitForReady()
				: this.properties.isWaitForReady();
		List<IpcClientInterceptor> interceptors = (this.interceptors != null)
				? this.interceptors.orderedStream().toList() : List.of();
		ClientOptions options = new ClientOptions(annotation.prefix(), timeout, methodTimeouts, waitForReady,
				StringUtils.hasText(name) ? name : "", interceptors,
				Set.copyOf((server != null) ? server.getIdempotentMethods() : List.of()));
		List<Long> allowedServerUids = (server != null) ? server.getAllowedServerUids() : List.of();
		boolean lazy = (server != null && server.getLazy() != null) ? server.getLazy() : this.properties.isLazy();
		IpcClientProperties.VerifyContract verifyContract = (server != null) ? server.getVerifyContract()
				: IpcClientProperties.VerifyContract.WARN;
		Client client = new Client(key, options, () -> tls(name, server), allowedServerUids, lazy, verifyContract);
		IpcAddress resolved = this.hooks.resolve(key);
		if (resolved == null && BalancedAddress.matches(text)) {
			Tls bundle = client.tls().get();
			this.clientTypes.add(type);
			return this.balanced.create(type, key, addressProperty(type, annotation), text, options,
					(address, secure) -> connect(key, address, BalancedClients.tls(bundle, secure), List.of()));
		}
		if (resolved == null && this.hooks.ownServer().means(configured)) {
			if (configured == null && !this.hooks.ownServer().exists()) {
				throw new InvalidConfigurationPropertyValueException(addressProperty(type, annotation), OwnServer.SELF,
						"'self' means this application's own IPC server, but this application context has none "
								+ "(no @IpcService bean, or ipc.server.enabled=false)");
			}
			IpcAddress planned = this.hooks.ownServer().plannedAddress();
			if (planned == null) {
				// parsed now, so that a bad interface fails when its bean is created
				try (IpcConnection unbound = IpcConnection.builder(UNBOUND)
					.codec(this.codec)
					.eventLoopGroup(this.group)
					.build()) {
					IpcClientFactory.create(type, unbound, options);
				}
				return ownServerClient(type, client);
			}
			resolved = planned;
		}
		T proxy = (resolved != null) ? create(type, client.movedTo(resolved), resolved)
				: create(type, client, configured);
		this.clientTypes.add(type);
		return proxy;
	}

	private <T> T create(Class<T> type, Client client, IpcAddress address) {
		IpcConnection connection = connectionOf(client, address);
		ContractCheck check = checkOf(client, connection);
		ClientContract contract = ClientContract.of(type, client.options().prefix());
		T proxy = IpcClientFactory.create(type, connection,
				(check != null) ? check.options(contract, client.options()) : client.options());
		if (check != null) {
			check.add(contract);
		}
		if (!client.lazy()) {
			connectOnStart(connection);
		}
		return proxy;
	}

	private IpcConnection connectionOf(Client client, IpcAddress address) {
		IpcConnection connection = this.connections.computeIfAbsent(address.toString(),
				(key) -> connect(client.key(), address, client.tls().get(), client.allowedServerUids()));
		synchronized (this.connectionListeners) {
			if (this.connectionsByServer.putIfAbsent(client.key(), connection) == null) {
				this.connectionListeners.forEach((listener) -> listener.accept(client.key(), connection));
			}
		}
		return connection;
	}

	/**
	 * Returns the connection to the server of {@code ipc.client.servers.<name>}, the one
	 * its {@code @IpcClient} proxies share, creating it as their first proxy would when
	 * none exists yet: for those that only listen to the server's events
	 * ({@link IpcListener @IpcListener}, {@code application-events}). It connects unless
	 * lazy, when the context starts. A connection to this application's own server on an
	 * address only binding tells (a TCP port 0) can be had once the context has started.
	 * @param name the server's name, as in {@code ipc.client.servers.<name>}
	 * @return the connection
	 * @throws IllegalStateException when {@code ipc.client.servers.<name>} is not
	 * configured, or the own server's address is not known yet
	 */
	public IpcConnection connectionTo(String name) {
		IpcConnection existing = this.connectionsByServer.get(name);
		if (existing != null) {
			return existing;
		}
		IpcClientProperties.Server server = this.properties.getServers().get(name);
		if (server == null) {
			throw new IllegalStateException("No IPC server named '" + name + "': ipc.client.servers." + name
					+ ".address is not set (ipc.client.servers holds " + this.properties.getServers().keySet() + ")");
		}
		String text = StringUtils.hasText(server.getAddress()) ? server.getAddress() : null;
		if (isBalanced(name)) {
			throw BalancedAddress.refusedForEvents(name, text, "IpcClientRegistry.connectionTo(\"" + name + "\")");
		}
		IpcAddress configured = OwnServer.SELF.equals(text) ? null : serverAddress(name, text);
		boolean lazy = (server.getLazy() != null) ? server.getLazy() : this.properties.isLazy();
		Client client = new Client(name, ClientOptions.defaults(), () -> tls(name, server),
				server.getAllowedServerUids(), lazy, server.getVerifyContract());
		IpcAddress resolved = this.hooks.resolve(name);
		if (resolved == null && this.hooks.ownServer().means(configured)) {
			if (configured == null && !this.hooks.ownServer().exists()) {
				throw new InvalidConfigurationPropertyValueException("ipc.client.servers." + name + ".address",
						OwnServer.SELF, "'self' means this application's own IPC server, but this application "
								+ "context has none (no @IpcService bean, or ipc.server.enabled=false)");
			}
			resolved = this.hooks.ownServer().plannedAddress();
			if (resolved == null) {
				throw new IllegalStateException("The address of this application's own IPC server, which "
						+ "ipc.client.servers." + name + " names, is only known once it has started");
			}
		}
		IpcConnection connection = (resolved != null) ? connectionOf(client.movedTo(resolved), resolved)
				: connectionOf(client, configured);
		if (!lazy) {
			connectOnStart(connection);
		}
		return connection;
	}

	/**
	 * Tells whether a server's calls are balanced: its address is {@code lb://} and no
	 * {@link IpcClientAddressResolver} moved it.
	 * @param name the server's name, as in {@code ipc.client.servers.<name>}
	 * @return whether it has no single connection
	 */
	boolean isBalanced(String name) {
		IpcClientProperties.Server server = this.properties.getServers().get(name);
		return server != null && BalancedAddress.matches(server.getAddress()) && this.hooks.resolve(name) == null;
	}

	private static IpcAddress serverAddress(String name, String text) {
		if (text == null) {
			return SocketDirectory.defaultAddress(name);
		}
		try {
			return IpcAddress.parse(text);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException("ipc.client.servers." + name + ".address", text,
					ex.getMessage());
		}
	}

	/**
	 * Returns the codec of the connections, whose mapper reads the data of their answers
	 * and events.
	 */
	WireCodec codec() {
		return this.codec;
	}

	/**
	 * Returns the contract check of a client's server, created with its first client and
	 * told every {@code register} of the server; {@code null} when
	 * {@code verify-contract} is {@code off}.
	 */
	private ContractCheck checkOf(Client client, IpcConnection connection) {
		if (client.verifyContract() == IpcClientProperties.VerifyContract.OFF) {
			return null;
		}
		return this.contractChecks.computeIfAbsent(client.key(), (key) -> {
			ContractCheck check = new ContractCheck(key, connection.address(), client.verifyContract());
			connection.addRegisterListener((registered, methods) -> check.registered(methods));
			return check;
		});
	}

	/**
	 * A proxy whose client is created on the address the own server bound, for a server
	 * whose address only binding tells (a TCP port 0): at once when the context has
	 * started, else when it starts.
	 */
	private <T> T ownServerClient(Class<T> type, Client client) {
		OwnServerClient handler = OwnServerClient.of(type, client.key());
		Runnable attach = () -> {
			IpcAddress bound = this.hooks.ownServer().boundAddress();
			handler.attach(create(type, client.movedTo(bound), bound));
		};
		this.clientTypes.add(type);
		synchronized (this.toConnect) {
			if (!this.running) {
				this.toAttach.add(attach);
				return handler.proxy(type);
			}
		}
		attach.run();
		return handler.proxy(type);
	}

	/**
	 * How a client connects, decided when its bean is created; its TLS settings are only
	 * read for the address it connects to.
	 */
	private record Client(String key, ClientOptions options, Supplier<Tls> tls, List<Long> allowedServerUids,
			boolean lazy, IpcClientProperties.VerifyContract verifyContract) {

		/**
		 * The client moved to an address it was not configured with: by an
		 * {@link IpcClientAddressResolver} (test support's mock servers) or to this
		 * application's own server. A {@code local:} address is a server in this JVM, so
		 * its TLS and server-uid check are dropped there (they still apply on any other
		 * address).
		 */
		Client movedTo(IpcAddress address) {
			if (!(address instanceof IpcAddress.Local)) {
				return this;
			}
			logger.debug("Clients of server '{}' connect to {} in this JVM: its ssl.bundle and allowed-server-uids "
					+ "settings, if any, are not used there", this.key, address);
			return new Client(this.key, this.options, () -> null, List.of(), this.lazy, this.verifyContract);
		}

	}

	/**
	 * Connects at once when the context has started, else when it starts: after the IPC
	 * server of the same context (its {@link IpcServerLifecycle#PHASE phase} is earlier),
	 * so that the first attempt does not fail and make the first calls fail fast.
	 */
	private void connectOnStart(IpcConnection connection) {
		synchronized (this.toConnect) {
			if (!this.running) {
				this.toConnect.add(connection);
				return;
			}
		}
		connection.connect();
	}

	@Override
	public void start() {
		List<IpcConnection> connecting;
		List<Runnable> attaching;
		synchronized (this.toConnect) {
			this.running = true;
			connecting = List.copyOf(this.toConnect);
			this.toConnect.clear();
			attaching = List.copyOf(this.toAttach);
			this.toAttach.clear();
		}
		connecting.forEach(IpcConnection::connect);
		attaching.forEach(Runnable::run);
	}

	@Override
	public void stop() {
		synchronized (this.toConnect) {
			this.running = false;
		}
	}

	@Override
	public boolean isRunning() {
		synchronized (this.toConnect) {
			return this.running;
		}
	}

	/**
	 * Returns a phase after the IPC server's: started after it, stopped before it.
	 * @return the phase
	 */
	@Override
	public int getPhase() {
		return IpcServerLifecycle.PHASE + 1;
	}

	/**
	 * The address as written: in {@code @IpcClient(address)} (placeholders resolved), in
	 * {@code ipc.client.servers.<name>.address}, or {@code null} for the default one.
	 */
	private String addressText(Class<?> type, IpcClient annotation, IpcClientProperties.Server server) {
		if (StringUtils.hasText(annotation.address())) {
			return this.environment.resolveRequiredPlaceholders(annotation.address());
		}
		if (!StringUtils.hasText(annotation.value())) {
			throw new IllegalStateException("@IpcClient on " + type.getName() + " names no server and no address; "
					+ "use @IpcClient(\"name\") with " + addressProperty(type, annotation)
					+ ", or @IpcClient(address = \"unix:/path/to.sock\")");
		}
		return (server != null && StringUtils.hasText(server.getAddress())) ? server.getAddress() : null;
	}

	private static String addressProperty(Class<?> type, IpcClient annotation) {
		return StringUtils.hasText(annotation.address()) ? "@IpcClient(address) on " + type.getName()
				: "ipc.client.servers." + annotation.value() + ".address";
	}

	private IpcAddress address(Class<?> type, IpcClient annotation, IpcClientProperties.Server server, String text) {
		if (text == null) {
			// the server's own default address when it is named after
			// spring.application.name
			return SocketDirectory.defaultAddress(annotation.value());
		}
		try {
			return IpcAddress.parse(text);
		}
		catch (IllegalArgumentException ex) {
			if (StringUtils.hasText(annotation.address())) {
				throw new IllegalStateException(
						"Invalid address in @IpcClient on " + type.getName() + ": " + ex.getMessage(), ex);
			}
			throw new InvalidConfigurationPropertyValueException(addressProperty(type, annotation), text,
					ex.getMessage());
		}
	}

	private Tls tls(String name, IpcClientProperties.Server server) {
		if (server == null || this.sslBundles == null) {
			return null;
		}
		return SslBundleTls.of("ipc.client.servers." + name + ".ssl.bundle", server.getSsl().getBundle(),
				Tls.ClientAuth.NONE, this.sslBundles);
	}

	private IpcConnection connect(String name, IpcAddress address, Tls tls, List<Long> allowedServerUids) {
		IpcClientProperties.Reconnect reconnect = this.properties.getReconnect();
		IpcConnectionBuilder builder;
		try {
			builder = IpcConnection.builder(address).allowedServerUids(allowedServerUids);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException("ipc.client.servers." + name + ".allowed-server-uids",
					allowedServerUids, ex.getMessage());
		}
		builder.codec(this.codec)
			.eventLoopGroup(this.group)
			.connectTimeout(this.properties.getConnectTimeout())
			.heartbeatInterval(this.properties.getHeartbeatInterval())
			.spinWait(this.properties.getSpinWait())
			.maxLineLength(IpcServerAutoConfiguration.bytes(this.properties.getMaxLineLength()))
			.reconnectBackoff(new ReconnectBackoff(reconnect.getInitialBackoff(), reconnect.getMaxBackoff(),
					reconnect.getMultiplier(), reconnect.getJitter()));
		try {
			builder.tls(tls);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException("ipc.client.servers." + name + ".ssl.bundle",
					this.properties.getServers().get(name).getSsl().getBundle(), ex.getMessage());
		}
		this.hooks.customize(name, builder);
		return builder.build();
	}

	/**
	 * Returns the interfaces this registry has created proxies of.
	 * @return the {@code @IpcClient} interfaces
	 */
	Set<Class<?>> clientTypes() {
		return Set.copyOf(this.clientTypes);
	}

	/**
	 * Returns the connection to a server, once a client of it exists.
	 * @param address the server's address
	 * @return the connection, or {@code null}
	 */
	public IpcConnection connection(IpcAddress address) {
		return this.connections.get(address.toString());
	}

	/**
	 * Returns the connections of the clients created so far, by server name (the
	 * {@code @IpcClient} value), or by address for a client that names no server;
	 * {@code lb://} servers are in {@link #balancers()}.
	 * @return a read-only view, updated as clients are created
	 */
	public Map<String, IpcConnection> connections() {
		return Collections.unmodifiableMap(this.connectionsByServer);
	}

	/**
	 * Returns the balancers of the {@code lb://} servers whose clients were created so
	 * far, by server name (or by address for a client that names no server), each holding
	 * one connection per instance called.
	 * @return a read-only view, updated as clients are created
	 */
	public Map<String, IpcBalancer> balancers() {
		return this.balanced.balancers();
	}

	/**
	 * Tells a listener of every connection, by server name as in {@link #connections()}:
	 * those made so far at once, and each one made later (a lazy client's, or that of a
	 * client of this application's own server on a port only binding tells) when it is
	 * made, before its proxy is returned.
	 * @param listener told the server name and the connection, once per connection
	 */
	public void onConnection(BiConsumer<String, IpcConnection> listener) {
		synchronized (this.connectionListeners) {
			this.connectionListeners.add(listener);
			this.connectionsByServer.forEach(listener);
		}
	}

	/**
	 * Returns the contract check of a server
	 * ({@code ipc.client.servers.<name>.verify-contract}): the methods of its
	 * {@code @IpcClient} interfaces its last {@code register} did not list.
	 * @param server the server's name, as in {@link #connections()}
	 * @return the check, or {@code null} when it is {@code off} or no client of the
	 * server exists
	 */
	public ContractCheck contractCheck(String server) {
		return this.contractChecks.get(server);
	}

	@Override
	public void destroy() {
		this.balanced.close();
		this.connections.values().forEach(IpcConnection::close);
		this.connections.clear();
		this.connectionsByServer.clear();
		this.contractChecks.clear();
		this.group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
	}

}
