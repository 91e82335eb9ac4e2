package dev.socketipc.autoconfigure.observation;

/**
 * The attribute names of the OpenTelemetry semantic conventions for RPC, v1.40.0.
 */
final class OpenTelemetryNames {

	static final String RPC_SYSTEM_NAME = "rpc.system.name";

	static final String RPC_METHOD = "rpc.method";

	static final String RPC_RESPONSE_STATUS_CODE = "rpc.response.status_code";

	static final String ERROR_TYPE = "error.type";

	static final String SERVER_ADDRESS = "server.address";

	private OpenTelemetryNames() {
	}

	/**
	 * Returns the span name: the method, or the system's name for {@code _OTHER}.
	 */
	static String spanName(String method) {
		return IpcObservationDocumentation.OTHER_METHOD.equals(method) ? IpcObservationDocumentation.SYSTEM_NAME
				: method;
	}

}
