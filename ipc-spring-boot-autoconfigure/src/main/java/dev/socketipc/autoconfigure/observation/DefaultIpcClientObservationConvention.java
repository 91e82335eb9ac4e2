package dev.socketipc.autoconfigure.observation;

import dev.socketipc.autoconfigure.observation.IpcObservationDocumentation.ClientKeyNames;
import dev.socketipc.autoconfigure.observation.IpcObservationDocumentation.CommonKeyNames;
import io.micrometer.common.KeyValues;

/**
 * The default {@code ipc.client} convention: the observation {@code ipc.client}, named
 * after the method's wire name, with the low-cardinality keys {@code rpc.system.name},
 * {@code rpc.method}, {@code rpc.status_code}, {@code error.type},
 * {@code network.transport}, {@code server.address} and {@code ipc.server.name}, each
 * always present (see {@link IpcObservationDocumentation}).
 */
public class DefaultIpcClientObservationConvention implements IpcClientObservationConvention {

	/** The shared instance. */
	public static final DefaultIpcClientObservationConvention INSTANCE = new DefaultIpcClientObservationConvention();

	@Override
	public String getName() {
		return "ipc.client";
	}

	@Override
	public String getContextualName(IpcClientObservationContext context) {
		return context.getMethod();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(IpcClientObservationContext context) {
		return context.conventionKeyValues()
			.offer(KeyValues.of(CommonKeyNames.RPC_SYSTEM_NAME.withValue(IpcObservationDocumentation.SYSTEM_NAME),
					CommonKeyNames.RPC_METHOD.withValue(context.getMethod()),
					CommonKeyNames.RPC_STATUS_CODE.withValue(Outcomes.statusCode(context.getStatusCode())),
					CommonKeyNames.ERROR_TYPE.withValue(Outcomes.errorType(context)),
					CommonKeyNames.NETWORK_TRANSPORT.withValue(context.getTransport()),
					ClientKeyNames.SERVER_ADDRESS.withValue(context.getServerAddress()),
					ClientKeyNames.SERVER_NAME.withValue(context.getServerName())));
	}

}
