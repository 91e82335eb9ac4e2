package dev.socketipc.autoconfigure.actuate;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import dev.socketipc.client.IpcBalancer;
import dev.socketipc.client.IpcConnection;
import dev.socketipc.client.IpcConnectionStatus;
import dev.socketipc.transport.IpcAddress;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The health of an {@code lb://} server, one indicator for the whole service: {@code UP}
 * while at least one instance's connection is ready (one dead instance of several must
 * not fail the client's readiness), {@code DOWN} when none is ready and some instance has
 * failed, {@code UNKNOWN} while no instance has been called yet (or every first connect
 * is under way). Its {@code instances} detail holds, per instance it holds a connection
 * to, named {@code host:port}, that connection's status and, when not ready, its last
 * failure and next attempt. Instances that left the service's list are not reported.
 * Reads the balancer's live connections on each check.
 */
final class IpcBalancerHealth implements HealthIndicator {

	private final IpcBalancer balancer;

	/**
	 * @param balancer the balancer of the server
	 */
	IpcBalancerHealth(IpcBalancer balancer) {
		this.balancer = balancer;
	}

	@Override
	public Health health() {
		Map<String, Map<String, Object>> instances = new TreeMap<>();
		boolean ready = false;
		boolean failed = false;
		for (Map.Entry<IpcAddress, IpcConnection> entry : this.balancer.connections().entrySet()) {
			IpcConnectionStatus status = entry.getValue().status();
			Status instanceStatus = status(status);
			ready |= instanceStatus == Status.UP;
			failed |= instanceStatus == Status.DOWN;
			instances.put(name(entry.getKey()), details(instanceStatus, status));
		}
		Health.Builder builder = ready ? Health.up() : (failed ? Health.down() : Health.unknown());
		return builder.withDetail("address", this.balancer.describe()).withDetail("instances", instances).build();
	}

	private static Status status(IpcConnectionStatus status) {
		if (status.ready()) {
			return Status.UP;
		}
		return (status.lastFailure() != null || status.nextAttempt() != null) ? Status.DOWN : Status.UNKNOWN;
	}

	private static Map<String, Object> details(Status instanceStatus, IpcConnectionStatus status) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("status", instanceStatus.getCode());
		if (!status.ready() && status.lastFailure() != null) {
			Throwable failure = status.lastFailure();
			String message = failure.getMessage();
			details.put("lastFailure",
					(message != null && !message.isBlank()) ? message : failure.getClass().getName());
		}
		if (!status.ready() && status.nextAttempt() != null) {
			details.put("nextAttempt", status.nextAttempt().toString());
		}
		return details;
	}

	private static String name(IpcAddress address) {
		if (address instanceof IpcAddress.Tcp tcp) {
			return tcp.toString().substring("tcp://".length());
		}
		return address.toString();
	}

}
