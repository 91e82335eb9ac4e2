package dev.socketipc.autoconfigure.observation;

import dev.socketipc.autoconfigure.observation.IpcObservationDocumentation.CommonKeyNames;
import io.micrometer.common.KeyValues;

/**
 * The default {@code ipc.server} convention: the observation {@code ipc.server}, named
 * after the method (its wire name, or {@code _OTHER} for a method the server does not
 * expose), with the low-cardinality keys {@code rpc.system.name}, {@code rpc.method},
 * {@code rpc.status_code}, {@code error.type} and {@code network.transport}, each always
 * present (see {@link IpcObservationDocumentation}).
 */
public class DefaultIpcServerObservationConvention implements IpcServerObservationConvention {

	/** The shared instance. */
	public static final DefaultIpcServerObservationConvention INSTANCE = new DefaultIpcServerObservationConvention();

	/**
	 * The key values of each method, status and transport seen, built once: Micrometer
	 * asks for them at the start and at the stop of every call, and building and sorting
	 * them was a quarter of an observation's cost.
	 */
	private final KeyValuesCache keyValues = new KeyValuesCache(DefaultIpcServerObservationConvention::keyValues);

	@Override
	public String getName() {
		return "ipc.server";
	}

	@Override
	public String getContextualName(IpcServerObservationContext context) {
		return context.getMethod();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(IpcServerObservationContext context) {
		return context.conventionKeyValues()
			.offer(this.keyValues.get(context.getMethod(), context.getStatusCode(), context.getTransport()));
	}

	private static KeyValues keyValues(String method, String statusCode, String transport) {
		return KeyValues.of(CommonKeyNames.RPC_SYSTEM_NAME.withValue(IpcObservationDocumentation.SYSTEM_NAME),
				CommonKeyNames.RPC_METHOD.withValue(method),
				CommonKeyNames.RPC_STATUS_CODE.withValue(Outcomes.statusCode(statusCode)),
				CommonKeyNames.ERROR_TYPE.withValue(Outcomes.errorType(statusCode)),
				CommonKeyNames.NETWORK_TRANSPORT.withValue(transport));
	}

}
