package dev.socketipc.autoconfigure;

import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SSLContext;

import dev.socketipc.client.ClientOptions;
import dev.socketipc.client.IpcBalancer;
import dev.socketipc.client.IpcClientFactory;
import dev.socketipc.protocol.WireCodec;
import dev.socketipc.transport.Tls;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * The {@code lb://<serviceId>} side of {@link IpcClientRegistry}: one {@link IpcBalancer}
 * per server, made by the {@link IpcBalancerFactory} bean and shared by every
 * {@code @IpcClient} interface that names the server, closed with the registry. Without
 * such a bean (Spring Cloud LoadBalancer is not on the classpath) an {@code lb://}
 * address fails naming its property and the starter to add. Thread-safe.
 */
final class BalancedClients implements AutoCloseable {

	/** The advice of a missing {@link IpcBalancerFactory}, after the property. */
	static final String MISSING_LOAD_BALANCER = "needs Spring Cloud LoadBalancer: add "
			+ "org.springframework.cloud:spring-cloud-starter-loadbalancer "
			+ "(version from spring-cloud-dependencies 2025.1.x)";

	private final ObjectProvider<IpcBalancerFactory> factories;

	private final WireCodec codec;

	private final Map<String, IpcBalancer> balancers = new ConcurrentHashMap<>();

	/**
	 * @param factories the balancer factory bean, if any; {@code null} for none
	 * @param codec the codec of the instances' connections
	 */
	BalancedClients(ObjectProvider<IpcBalancerFactory> factories, WireCodec codec) {
		this.factories = factories;
		this.codec = codec;
	}

	/**
	 * Creates the proxy of an interface whose server's address is {@code lb://}.
	 * @param type the interface
	 * @param key the server's name (or the address, for a client naming none)
	 * @param property the property (or annotation) the address comes from
	 * @param text the address
	 * @param options the client's options
	 * @param connections builds the connection to one instance from the server's
	 * properties
	 * @return the proxy
	 */
	<T> T create(Class<T> type, String key, String property, String text, ClientOptions options,
			IpcBalancerFactory.InstanceConnections connections) {
		IpcBalancer balancer = this.balancers.computeIfAbsent(key,
				(name) -> balancer(property, text, longestTimeout(options), connections));
		return IpcClientFactory.create(type, balancer, this.codec, options);
	}

	private IpcBalancer balancer(String property, String text, Duration longestTimeout,
			IpcBalancerFactory.InstanceConnections connections) {
		String serviceId;
		try {
			serviceId = BalancedAddress.serviceId(text);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException(property, text, ex.getMessage());
		}
		IpcBalancerFactory factory = (this.factories != null) ? this.factories.getIfAvailable() : null;
		if (factory == null) {
			throw new InvalidConfigurationPropertyValueException(property, text,
					property + "=" + text + " " + MISSING_LOAD_BALANCER);
		}
		return factory.create(property, serviceId, longestTimeout, connections);
	}

	/**
	 * Returns the longest timeout of a call: the server's timeout or its longest method
	 * timeout.
	 */
	static Duration longestTimeout(ClientOptions options) {
		Duration longest = options.timeout();
		for (Duration timeout : options.methodTimeouts().values()) {
			if (timeout.compareTo(longest) > 0) {
				longest = timeout;
			}
		}
		return longest;
	}

	/**
	 * Returns the TLS of an instance's connection: the server's SSL bundle when it names
	 * one, else the JDK's default trust (the host name verified) when the instance is
	 * secure, else none.
	 * @param bundle the server's {@code ssl.bundle} TLS, may be {@code null}
	 * @param secure whether the instance asks for TLS
	 * @return the TLS settings, or {@code null} for plaintext
	 */
	static Tls tls(Tls bundle, boolean secure) {
		if (bundle != null || !secure) {
			return bundle;
		}
		try {
			return Tls.of(SSLContext.getDefault());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("The JDK has no default TLS context for a secure instance", ex);
		}
	}

	/**
	 * Returns the balancers made so far, by server name.
	 * @return a read-only view
	 */
	Map<String, IpcBalancer> balancers() {
		return Collections.unmodifiableMap(this.balancers);
	}

	@Override
	public void close() {
		this.balancers.values().forEach(IpcBalancer::close);
		this.balancers.clear();
	}

}
