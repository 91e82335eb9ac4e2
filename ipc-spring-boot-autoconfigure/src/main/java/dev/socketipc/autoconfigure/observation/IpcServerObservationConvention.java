package dev.socketipc.autoconfigure.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names an {@code ipc.server} observation and its keys. A bean of this type replaces the
 * convention {@code ipc.observation.convention} picks.
 *
 * @see DefaultIpcServerObservationConvention
 * @see OpenTelemetryIpcServerObservationConvention
 */
public interface IpcServerObservationConvention extends ObservationConvention<IpcServerObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof IpcServerObservationContext;
	}

}
