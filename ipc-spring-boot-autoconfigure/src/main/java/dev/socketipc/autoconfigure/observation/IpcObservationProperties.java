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

	/**
	 * How the observations become meters when the application has a MeterRegistry.
	 */
	private final MeterHandler meterHandler = new MeterHandler();

	public Convention getConvention() {
		return this.convention;
	}

	public void setConvention(Convention convention) {
		this.convention = convention;
	}

	public MeterHandler getMeterHandler() {
		return this.meterHandler;
	}

	/**
	 * How the observations become meters.
	 */
	public static class MeterHandler {

		/**
		 * Whether IpcMeterObservationHandler records the IPC observations (the same
		 * timers and tags, a cached timer per method and status, no long-task timer)
		 * before Micrometer's default meter handler, which otherwise records them with a
		 * '<name>.active' long-task timer at about four times the cost per call.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

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
