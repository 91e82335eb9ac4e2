package dev.socketipc.autoconfigure;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.socketipc.annotation.IpcClient;
import dev.socketipc.client.ClientOptions;
import dev.socketipc.client.IpcClientFactory;
import dev.socketipc.client.IpcConnection;
import dev.socketipc.client.ReconnectBackoff;
import dev.socketipc.protocol.WireCodec;
import dev.socketipc.transport.IpcAddress;
import dev.socketipc.transport.SocketDirectory;
import dev.socketipc.transport.Tls;
import dev.socketipc.transport.Transports;
import io.netty.channel.EventLoopGroup;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Creates the proxies of {@link IpcClient @IpcClient} interfaces and owns their connections: one per server, shared
 * by every interface that names it, all on one event loop group. Closes them when the context closes, failing
 * pending calls with a clear message. This class is thread-safe.
 */
public class IpcClientRegistry implements DisposableBean {

	private final IpcClientProperties properties;

	private final Environment environment;

	private final WireCodec codec;

	private final EventLoopGroup group = Transports.newEventLoopGroup(0, "ipc-client");

	private final Map<String, IpcConnection> connections = new ConcurrentHashMap<>();

	private final ObjectProvider<SslBundles> sslBundles;

	/**
	 * Creates a registry that can use SSL bundles for {@code ipc.client.servers.<name>.ssl.bundle}.
	 * @param properties the {@code ipc.client} properties
	 * @param environment resolves placeholders in {@link IpcClient#address()}
	 * @param codec the wire codec
	 * @param sslBundles the application's SSL bundles, may be {@code null}
	 */
	public IpcClientRegistry(IpcClientProperties properties, Environment environment, WireCodec codec,
			ObjectProvider<SslBundles> sslBundles) {
		this.properties = properties;
		this.environment = environment;
		this.codec = codec;
		this.sslBundles = sslBundles;
	}

	/**
	 * Creates the proxy of an {@code @IpcClient} interface, connecting to its server unless lazy.
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
		IpcAddress address = address(type, annotation, server);
		Duration timeout = (server != null && server.getTimeout() != null) ? server.getTimeout()
				: this.properties.getTimeout();
		Map<String, Duration> methodTimeouts = (server != null) ? server.getMethodTimeouts() : Map.of();
		ClientOptions options = new ClientOptions(annotation.prefix(), timeout, methodTimeouts);
		Tls tls = tls(name, server);
		IpcConnection connection = this.connections.computeIfAbsent(address.toString(), (key) -> connect(address, tls));
		T client = IpcClientFactory.create(type, connection, options);
		boolean lazy = (server != null && server.getLazy() != null) ? server.getLazy() : this.properties.isLazy();
		if (!lazy) {
			connection.connect();
		}
		return client;
	}

	private IpcAddress address(Class<?> type, IpcClient annotation, IpcClientProperties.Server server) {
		if (StringUtils.hasText(annotation.address())) {
			String resolved = this.environment.resolveRequiredPlaceholders(annotation.address());
			try {
				return IpcAddress.parse(resolved);
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalStateException("Invalid address in @IpcClient on " + type.getName() + ": "
						+ ex.getMessage(), ex);
			}
		}
		String property = "ipc.client.servers." + annotation.value() + ".address";
		if (!StringUtils.hasText(annotation.value())) {
			throw new IllegalStateException("@IpcClient on " + type.getName()
					+ " names no server and no address; use @IpcClient(\"name\") with " + property
					+ ", or @IpcClient(address = \"unix:/path/to.sock\")");
		}
		if (server == null || !StringUtils.hasText(server.getAddress())) {
			// the server's own default address when it is named after spring.application.name
			return SocketDirectory.defaultAddress(annotation.value());
		}
		try {
			return IpcAddress.parse(server.getAddress());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException(property, server.getAddress(), ex.getMessage());
		}
	}

	private Tls tls(String name, IpcClientProperties.Server server) {
		if (server == null || this.sslBundles == null) {
			return null;
		}
		return SslBundleTls.of("ipc.client.servers." + name + ".ssl.bundle", server.getSsl().getBundle(),
				Tls.ClientAuth.NONE, this.sslBundles);
	}

	private IpcConnection connect(IpcAddress address, Tls tls) {
		IpcClientProperties.Reconnect reconnect = this.properties.getReconnect();
		return IpcConnection.builder(address)
			.codec(this.codec)
			.eventLoopGroup(this.group)
			.connectTimeout(this.properties.getConnectTimeout())
			.heartbeatInterval(this.properties.getHeartbeatInterval())
			.tls(tls)
			.maxLineLength(IpcServerAutoConfiguration.bytes(this.properties.getMaxLineLength()))
			.reconnectBackoff(new ReconnectBackoff(reconnect.getInitialBackoff(), reconnect.getMaxBackoff(),
					reconnect.getMultiplier(), reconnect.getJitter()))
			.build();
	}

	/**
	 * Returns the connection to a server, once a client of it exists.
	 * @param address the server's address
	 * @return the connection, or {@code null}
	 */
	public IpcConnection connection(IpcAddress address) {
		return this.connections.get(address.toString());
	}

	@Override
	public void destroy() {
		this.connections.values().forEach(IpcConnection::close);
		this.connections.clear();
		this.group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
	}

}
