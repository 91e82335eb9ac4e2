package dev.socketipc.client;

import java.time.Instant;
import java.util.List;

/**
 * Where an {@link IpcConnection} stands at one moment, for health checks and gauges.
 *
 * @param ready whether the connection is up and the server's {@code register} arrived
 * @param lastFailure why the last connection attempt or connection failed, {@code null}
 * once registered (or before any attempt)
 * @param nextAttempt when the next reconnection attempt is scheduled, {@code null} when
 * none is (connected, connecting, not started or closed)
 * @param protocol the protocol revision of the server's last {@code register},
 * {@code null} before one arrived or for a seed server
 * @param features the extensions the server's last {@code register} listed, empty before
 * one arrived or for a seed server
 * @param methods the methods the server's last {@code register} listed
 * @param pendingCalls the calls not ended yet: sent and not answered, or waiting for the
 * server's {@code register}
 */
public record IpcConnectionStatus(boolean ready, Throwable lastFailure, Instant nextAttempt, Integer protocol,
		List<String> features, List<String> methods, int pendingCalls) {

	/**
	 * @param ready whether calls are sent at once
	 * @param lastFailure the last failure, or {@code null}
	 * @param nextAttempt the next reconnection attempt, or {@code null}
	 * @param protocol the server's protocol revision, or {@code null}
	 * @param features the server's extensions
	 * @param methods the server's methods
	 * @param pendingCalls the calls not ended yet
	 */
	public IpcConnectionStatus {
		features = List.copyOf(features);
		methods = List.copyOf(methods);
	}

}
