package dev.socketipc.autoconfigure.actuate;

import java.util.Map;
import java.util.TreeMap;

import dev.socketipc.client.IpcBalancer;
import dev.socketipc.client.IpcConnection;
import dev.socketipc.transport.IpcAddress;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The health of an {@code lb://} server: one component per instance it holds a connection
 * to, named {@code host:port} and reported as any client connection is ({@code UP} once
 * registered); {@code UNKNOWN}, with the service, while no instance has been called yet.
 * Instances that left the service's list are not reported.
 */
final class IpcBalancerHealth {

	private IpcBalancerHealth() {
	}

	/**
	 * Returns the health contributor of a balancer, as it stands now.
	 * @param balancer the balancer
	 * @return a composite of its connections, or an indicator when it has none
	 */
	static HealthContributor of(IpcBalancer balancer) {
		Map<IpcAddress, IpcConnection> connections = balancer.connections();
		if (connections.isEmpty()) {
			return (HealthIndicator) () -> Health.unknown()
				.withDetail("address", balancer.describe())
				.withDetail("instances", 0)
				.build();
		}
		Map<String, HealthContributor> byInstance = new TreeMap<>();
		connections.forEach((address, connection) -> byInstance.put(name(address),
				new IpcConnectionHealthIndicator(connection, null)));
		return CompositeHealthContributor.fromMap(byInstance);
	}

	private static String name(IpcAddress address) {
		if (address instanceof IpcAddress.Tcp tcp) {
			return tcp.toString().substring("tcp://".length());
		}
		return address.toString();
	}

}
