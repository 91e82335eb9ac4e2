package dev.socketipc.autoconfigure.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names an {@code ipc.client} observation and its keys. A bean of this type replaces the
 * convention {@code ipc.observation.convention} picks.
 *
 * @see DefaultIpcClientObservationConvention
 * @see OpenTelemetryIpcClientObservationConvention
 */
public interface IpcClientObservationConvention extends ObservationConvention<IpcClientObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof IpcClientObservationContext;
	}

}
