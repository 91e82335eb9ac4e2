package dev.socketipc.autoconfigure;

import java.time.Duration;

import dev.socketipc.client.IpcBalancer;
import dev.socketipc.client.IpcConnection;
import dev.socketipc.transport.IpcAddress;

/**
 * Makes the {@link IpcBalancer} of a server whose address is {@code lb://<serviceId>}:
 * the bean through which {@link IpcClientRegistry} reaches a discovery system. The Spring
 * Cloud LoadBalancer integration provides one when Spring Cloud Commons and LoadBalancer
 * are on the classpath; without such a bean an {@code lb://} address fails at startup
 * naming the property and the starter to add.
 */
@FunctionalInterface
public interface IpcBalancerFactory {

	/**
	 * Creates the balancer of one server; the registry closes it when the context closes.
	 * @param addressProperty where the address is configured, for error messages:
	 * {@code ipc.client.servers.<name>.address}, or {@code @IpcClient(address) on <type>}
	 * for a client that names no server
	 * @param serviceId the service id after {@code lb://}
	 * @param longestTimeout the longest timeout of a call to the server (its
	 * {@code timeout} and {@code method-timeouts}): how long a connection to an instance
	 * that left the service may wait for its calls before it is closed anyway
	 * @param connections builds the connection to one instance as the server's other
	 * properties say (timeouts, reconnection, heartbeat, TLS)
	 * @return the balancer
	 * @throws RuntimeException naming {@code addressProperty} when the service cannot be
	 * balanced
	 */
	IpcBalancer create(String addressProperty, String serviceId, Duration longestTimeout,
			InstanceConnections connections);

	/**
	 * Builds the connection to one instance of a balanced server.
	 */
	@FunctionalInterface
	interface InstanceConnections {

		/**
		 * Builds a connection, not yet connecting.
		 * @param address the instance's address
		 * @param secure whether the instance asks for TLS; the server's
		 * {@code ssl.bundle}, when set, gives TLS whatever this says
		 * @return the connection
		 */
		IpcConnection create(IpcAddress address, boolean secure);

	}

}
