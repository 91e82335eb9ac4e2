package dev.socketipc.autoconfigure.actuate;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import dev.socketipc.autoconfigure.IpcClientRegistry;
import dev.socketipc.client.IpcBalancer;
import dev.socketipc.client.IpcConnection;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;

/**
 * The health of the IPC clients: one component per server the clients call, named as in
 * {@code ipc.client.servers.<name>} (or by address for a client that names no server),
 * each {@code UP} once registered and {@code DOWN} while reconnecting (or, with
 * {@code verify-contract=fail}, while the server lacks methods of its clients). Spring
 * Boot's status aggregation makes the whole {@code DOWN} when any server is down. An
 * {@code lb://} server's component is one indicator for the service: {@code UP} while any
 * of its instances is, with each instance's status in its details ({@code UNKNOWN} before
 * its first call). Reads the registry's live view, so clients created after startup
 * appear too.
 */
public class IpcClientsHealthContributor implements CompositeHealthContributor {

	private final IpcClientRegistry registry;

	/**
	 * Creates a contributor of the registry's connections.
	 * @param registry the client registry
	 */
	public IpcClientsHealthContributor(IpcClientRegistry registry) {
		this.registry = registry;
	}

	@Override
	public HealthContributor getContributor(String name) {
		IpcConnection connection = this.registry.connections().get(name);
		if (connection != null) {
			return new IpcConnectionHealthIndicator(connection, this.registry.contractCheck(name));
		}
		IpcBalancer balancer = this.registry.balancers().get(name);
		return (balancer != null) ? new IpcBalancerHealth(balancer) : null;
	}

	@Override
	public Stream<Entry> stream() {
		Map<String, HealthContributor> byName = new TreeMap<>();
		this.registry.connections()
			.forEach((name, connection) -> byName.put(name,
					new IpcConnectionHealthIndicator(connection, this.registry.contractCheck(name))));
		this.registry.balancers().forEach((name, balancer) -> byName.put(name, new IpcBalancerHealth(balancer)));
		return byName.entrySet().stream().map((entry) -> new Entry(entry.getKey(), entry.getValue()));
	}

}
