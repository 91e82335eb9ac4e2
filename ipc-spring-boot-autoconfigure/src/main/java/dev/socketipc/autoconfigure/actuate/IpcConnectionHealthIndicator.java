package dev.socketipc.autoconfigure.actuate;

import dev.socketipc.autoconfigure.ContractCheck;
import dev.socketipc.client.IpcConnection;
import dev.socketipc.client.IpcConnectionStatus;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The health of one client connection: {@code UP} once the server's {@code register}
 * came, {@code DOWN} while it reconnects (with the last failure and the next attempt),
 * {@code UNKNOWN} before a first attempt has ended (a lazy client not called yet, or the
 * first connect under way). With the contract check on
 * ({@code ipc.client.servers.<name>.verify-contract} {@code warn} or {@code fail}), the
 * methods of its {@code @IpcClient} interfaces the server does not offer are in
 * {@code missingMethods}, and in {@code fail} mode they make it {@code DOWN}.
 */
final class IpcConnectionHealthIndicator implements HealthIndicator {

	private final IpcConnection connection;

	private final ContractCheck contract;

	/**
	 * @param connection the connection
	 * @param contract the contract check of its server, {@code null} when off
	 */
	IpcConnectionHealthIndicator(IpcConnection connection, ContractCheck contract) {
		this.connection = connection;
		this.contract = contract;
	}

	@Override
	public Health health() {
		IpcConnectionStatus status = this.connection.status();
		Health.Builder builder;
		if (this.contract != null && this.contract.failed()) {
			builder = Health.down();
		}
		else if (status.ready()) {
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
		if (this.contract != null && !this.contract.missingMethods().isEmpty()) {
			builder.withDetail("missingMethods", this.contract.missingMethods());
		}
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
