package dev.socketipc.autoconfigure.observation;

import io.micrometer.common.KeyValues;

/**
 * The {@code ipc.client} convention of the OpenTelemetry semantic conventions for RPC
 * (<a href=
 * "https://github.com/open-telemetry/semantic-conventions/blob/v1.40.0/docs/rpc/rpc-metrics.md">semconv
 * v1.40.0</a>, the same through v1.44.0), chosen with
 * {@code ipc.observation.convention=opentelemetry}: the observation (so the timer)
 * {@code rpc.client.call.duration}, measured in seconds, with the attributes
 * {@code rpc.system.name} ({@code socket-ipc}), {@code rpc.method},
 * {@code rpc.response.status_code} ({@code TIMEOUT} or {@code CONNECTION_FAILED} when no
 * answer came), {@code error.type} and {@code server.address} (the Unix socket's path or
 * the TCP host; {@code server.port} is left out, as a Unix socket has none).
 *
 * <p>
 * One departure: {@code error.type} is {@code none} on success instead of absent, because
 * every timer of one name must carry the same tag keys (Prometheus).
 */
public class OpenTelemetryIpcClientObservationConvention implements IpcClientObservationConvention {

	/** The shared instance. */
	public static final OpenTelemetryIpcClientObservationConvention INSTANCE = new OpenTelemetryIpcClientObservationConvention();

	@Override
	public String getName() {
		return "rpc.client.call.duration";
	}

	@Override
	public String getContextualName(IpcClientObservationContext context) {
		return OpenTelemetryNames.spanName(context.getMethod());
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(IpcClientObservationContext context) {
		return context.conventionKeyValues()
			.offer(KeyValues.of(OpenTelemetryNames.RPC_SYSTEM_NAME, IpcObservationDocumentation.SYSTEM_NAME,
					OpenTelemetryNames.RPC_METHOD, context.getMethod(), OpenTelemetryNames.RPC_RESPONSE_STATUS_CODE,
					Outcomes.statusCode(context.getStatusCode()), OpenTelemetryNames.ERROR_TYPE,
					Outcomes.errorType(context), OpenTelemetryNames.SERVER_ADDRESS, context.getServerAddress()));
	}

}
