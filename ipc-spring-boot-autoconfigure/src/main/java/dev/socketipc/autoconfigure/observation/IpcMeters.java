package dev.socketipc.autoconfigure.observation;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.socketipc.autoconfigure.IpcClientRegistry;
import dev.socketipc.client.IpcConnection;
import dev.socketipc.server.IpcServer;
import dev.socketipc.server.IpcServerStatistics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The gauges and counters of the IPC servers and client connections of an application:
 * <ul>
 * <li>{@code ipc.server.connections} and {@code ipc.server.calls.active}, per server
 * ({@code server.address}: its address when the meters are bound, before it starts, so a
 * TCP port 0 shows as 0);</li>
 * <li>{@code ipc.server.connections.refused} and {@code ipc.server.lines.rejected}
 * ({@code rpc.status_code} {@code PARSE_ERROR} or {@code TOO_LARGE}), counters per
 * server;</li>
 * <li>{@code ipc.server.events.dropped}, the events a server dropped because a
 * subscriber's event buffer was full ({@code ipc.server.events.overflow}), a counter per
 * server;</li>
 * <li>{@code ipc.client.calls.active}, per client connection ({@code ipc.server.name},
 * the {@code @IpcClient} server name, or the address for a client that names none), for
 * every connection of the client registry, those made after the meters are bound (lazy
 * clients, clients of the own server on a TCP port 0) included.</li>
 * </ul>
 * Micrometer holds a gauge's object weakly: this binder keeps the servers and connections
 * it reads.
 */
public class IpcMeters implements MeterBinder {

	private final Map<String, IpcServer> servers;

	private final IpcClientRegistry clients;

	/** What the meters read, kept from garbage collection as long as this binder. */
	private final List<Object> gauged = new CopyOnWriteArrayList<>();

	/**
	 * Creates the binder.
	 * @param servers the servers by name (a bean name)
	 * @param clients the client registry, or {@code null} when there is none
	 */
	public IpcMeters(Map<String, IpcServer> servers, IpcClientRegistry clients) {
		this.servers = Map.copyOf(servers);
		this.clients = clients;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.servers.values().forEach((server) -> bindServer(server, registry));
		if (this.clients != null) {
			this.clients.onConnection((name, connection) -> bindClient(name, connection, registry));
		}
	}

	private void bindServer(IpcServer server, MeterRegistry registry) {
		IpcServerStatistics statistics = server.statistics();
		this.gauged.add(server);
		this.gauged.add(statistics);
		Tags tags = Tags.of("server.address", server.address().toString());
		Gauge.builder("ipc.server.connections", statistics, IpcServerStatistics::openConnections)
			.description("Open connections of the IPC server")
			.tags(tags)
			.strongReference(true)
			.register(registry);
		Gauge.builder("ipc.server.calls.active", statistics, IpcServerStatistics::callsInFlight)
			.description("Calls the IPC server has read and not yet answered")
			.tags(tags)
			.strongReference(true)
			.register(registry);
		FunctionCounter.builder("ipc.server.connections.refused", statistics, IpcServerStatistics::refusedConnections)
			.description("Connections the IPC server refused (ipc.server.max-connections, peer checks)")
			.tags(tags)
			.register(registry);
		FunctionCounter.builder("ipc.server.lines.rejected", statistics, IpcServerStatistics::parseErrors)
			.description("Lines the IPC server answered with an error before reading a request from them")
			.tags(tags.and("rpc.status_code", "PARSE_ERROR"))
			.register(registry);
		FunctionCounter.builder("ipc.server.lines.rejected", statistics, IpcServerStatistics::tooLargeLines)
			.description("Lines the IPC server answered with an error before reading a request from them")
			.tags(tags.and("rpc.status_code", "TOO_LARGE"))
			.register(registry);
		FunctionCounter.builder("ipc.server.events.dropped", statistics, IpcServerStatistics::droppedEvents)
			.description("Events the IPC server dropped because a subscriber's event buffer was full")
			.tags(tags)
			.register(registry);
	}

	private void bindClient(String name, IpcConnection connection, MeterRegistry registry) {
		this.gauged.add(connection);
		Gauge.builder("ipc.client.calls.active", connection, IpcConnection::pendingCalls)
			.description("Calls sent on the IPC client connection and not yet answered")
			.tags("ipc.server.name", name)
			.strongReference(true)
			.register(registry);
	}

}
