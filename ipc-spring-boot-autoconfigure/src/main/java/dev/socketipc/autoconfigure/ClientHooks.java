package dev.socketipc.autoconfigure;

import dev.socketipc.client.IpcConnectionBuilder;
import dev.socketipc.transport.IpcAddress;

import org.springframework.beans.factory.ObjectProvider;

/**
 * What the application context adds to how {@link IpcClientRegistry} connects: the
 * {@link IpcClientAddressResolver} and {@link IpcConnectionCustomizer} beans, the
 * context's own server, and the {@link IpcBalancerFactory} of {@code lb://} addresses.
 *
 * @param resolvers the address resolvers, {@code null} for none
 * @param customizers the connection customizers, {@code null} for none
 * @param ownServer the context's own server
 * @param balancerFactory the balancer factory bean, {@code null} for none
 */
record ClientHooks(ObjectProvider<IpcClientAddressResolver> resolvers,
		ObjectProvider<IpcConnectionCustomizer> customizers, OwnServer ownServer,
		ObjectProvider<IpcBalancerFactory> balancerFactory) {

	static final ClientHooks NONE = new ClientHooks(null, null, OwnServer.none(), null);

	/**
	 * Returns the address a resolver chose for the server, or {@code null} to keep the
	 * configured one.
	 */
	IpcAddress resolve(String serverName) {
		if (this.resolvers == null) {
			return null;
		}
		return this.resolvers.orderedStream()
			.map((resolver) -> resolver.resolve(serverName))
			.filter((address) -> address != null)
			.findFirst()
			.orElse(null);
	}

	void customize(String serverName, IpcConnectionBuilder builder) {
		if (this.customizers != null) {
			this.customizers.orderedStream().forEach((customizer) -> customizer.customize(serverName, builder));
		}
	}

}
