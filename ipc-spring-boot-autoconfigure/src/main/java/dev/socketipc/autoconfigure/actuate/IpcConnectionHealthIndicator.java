package dev.socketipc.autoconfigure.actuate;

import dev.socketipc.client.IpcConnection;
import dev.socketipc.client.IpcConnectionStatus;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The health of one client connection: {@code UP} once the server's {@code register}
 * came, {@code DOWN} while it reconnects (with the last failure and the next attempt),
 * {@code UNKNOWN} before a first attempt has ended (a lazy client not called yet, or the
 * first connect under way).
 */
final class IpcConnectionHealthIndicator implements HealthIndicator {

	private final IpcConnection connection;

	IpcConnectionHealthIndicator(IpcConnection connection) {
		this.connection = connection;
	}

	@Override
	public Health health() {
		IpcConnectionStatus status = this.connection.status();
		Health.Builder builder;
		if (status.ready()) {
			builder = Health.up();
		}
		else if (status.lastFailure() != null || status.nextAttempt() != null) {
			builder = Health.down();
		}
		else {
			builder = Health.unknown();
		}
		builder.withDetail("address", this.connection.address().toString());
		if (status.protocol() != null) {
			builder.withDetail("protocol", status.protocol());
		}
		builder.withDetail("features", status.features()).withDetail("pendingCalls", status.pendingCalls());
		if (!status.ready() && status.lastFailure() != null) {
			builder.withDetail("lastFailure", describe(status.lastFailure()));
		}
		if (!status.ready() && status.nextAttempt() != null) {
			builder.withDetail("nextAttempt", status.nextAttempt().toString());
		}
		return builder.build();
	}

	private static String describe(Throwable failure) {
		String message = failure.getMessage();
		return (message != null && !message.isBlank()) ? message : failure.getClass().getName();
	}

}
