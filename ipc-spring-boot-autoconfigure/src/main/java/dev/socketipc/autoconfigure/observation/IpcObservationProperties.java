package dev.socketipc.autoconfigure.observation;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of IPC observations, under {@code ipc.observation}. Each side is switched
 * with {@code ipc.server.observations.enabled} and
 * {@code ipc.client.observations.enabled}, both with Spring Boot's
 * {@code management.observations.enable.ipc}.
 */
@ConfigurationProperties("ipc.observation")
public class IpcObservationProperties {

	/**
	 * Names and keys of the observations: default (ipc.server and ipc.client timers) or
	 * opentelemetry (rpc.server.call.duration and rpc.client.call.duration with the
	 * semantic-convention attributes).
	 */
	private Convention convention = Convention.DEFAULT;

	public Convention getConvention() {
		return this.convention;
	}

	public void setConvention(Convention convention) {
		this.convention = convention;
	}

	/**
	 * The conventions to choose from.
	 */
	public enum Convention {

		/**
		 * {@link DefaultIpcServerObservationConvention} and
		 * {@link DefaultIpcClientObservationConvention}.
		 */
		DEFAULT,

		/**
		 * {@link OpenTelemetryIpcServerObservationConvention} and
		 * {@link OpenTelemetryIpcClientObservationConvention}.
		 */
		OPENTELEMETRY

	}

}
