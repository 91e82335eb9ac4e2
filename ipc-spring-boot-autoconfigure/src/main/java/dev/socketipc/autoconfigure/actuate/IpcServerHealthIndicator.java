package dev.socketipc.autoconfigure.actuate;

import dev.socketipc.server.IpcServer;
import dev.socketipc.server.IpcServerStatistics;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The health of an {@link IpcServer}: {@code UP} while it serves, {@code OUT_OF_SERVICE}
 * while it drains its calls on a graceful stop, {@code DOWN} when stopped. Details: the
 * address, the open connections, the calls in flight and the method names. Reads only
 * live, thread-safe state, so it never waits for the server, not even while it stops.
 */
public class IpcServerHealthIndicator implements HealthIndicator {

	private final IpcServer server;

	/**
	 * Creates an indicator of the given server.
	 * @param server the server
	 */
	public IpcServerHealthIndicator(IpcServer server) {
		this.server = server;
	}

	@Override
	public Health health() {
		Health.Builder builder = switch (this.server.state()) {
			case RUNNING -> Health.up();
			case DRAINING -> Health.outOfService();
			case STOPPED -> Health.down();
		};
		IpcServerStatistics statistics = this.server.statistics();
		return builder.withDetail("address", this.server.address().toString())
			.withDetail("connections", statistics.openConnections())
			.withDetail("callsInFlight", statistics.callsInFlight())
			.withDetail("methods", this.server.methodNames())
			.build();
	}

}
