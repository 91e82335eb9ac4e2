package dev.socketipc.autoconfigure.observation;

import io.micrometer.common.KeyValues;

/**
 * The {@code ipc.server} convention of the OpenTelemetry semantic conventions for RPC
 * (<a href=
 * "https://github.com/open-telemetry/semantic-conventions/blob/v1.40.0/docs/rpc/rpc-metrics.md">semconv
 * v1.40.0</a>, the same through v1.44.0), chosen with
 * {@code ipc.observation.convention=opentelemetry}: the observation (so the timer)
 * {@code rpc.server.call.duration}, measured in seconds, with the attributes
 * {@code rpc.system.name} ({@code socket-ipc}), {@code rpc.method} ({@code _OTHER} for a
 * method the server does not expose), {@code rpc.response.status_code} and
 * {@code error.type}. The span is named after the method, or {@code socket-ipc} for
 * {@code _OTHER}.
 *
 * <p>
 * One departure: {@code error.type} is {@code none} on success instead of absent, because
 * every timer of one name must carry the same tag keys (Prometheus).
 */
public class OpenTelemetryIpcServerObservationConvention implements IpcServerObservationConvention {

	/** The shared instance. */
	public static final OpenTelemetryIpcServerObservationConvention INSTANCE = new OpenTelemetryIpcServerObservationConvention();

	@Override
	public String getName() {
		return "rpc.server.call.duration";
	}

	@Override
	public String getContextualName(IpcServerObservationContext context) {
		return OpenTelemetryNames.spanName(context.getMethod());
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(IpcServerObservationContext context) {
		return context.conventionKeyValues()
			.offer(KeyValues.of(OpenTelemetryNames.RPC_SYSTEM_NAME, IpcObservationDocumentation.SYSTEM_NAME,
					OpenTelemetryNames.RPC_METHOD, context.getMethod(), OpenTelemetryNames.RPC_RESPONSE_STATUS_CODE,
					Outcomes.statusCode(context.getStatusCode()), OpenTelemetryNames.ERROR_TYPE,
					Outcomes.errorType(context.getStatusCode())));
	}

}
