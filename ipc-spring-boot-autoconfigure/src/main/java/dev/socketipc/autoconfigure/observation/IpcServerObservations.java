package dev.socketipc.autoconfigure.observation;

import dev.socketipc.server.IpcServerBuilder;
import dev.socketipc.server.IpcServerObserver;
import dev.socketipc.server.IpcServerRequest;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/**
 * Observes every request a server reads as an {@code ipc.server} observation (see
 * {@link IpcObservationDocumentation#SERVER}): started when the line is parsed, in scope
 * while the interceptors and the method run (so the method's own client calls are its
 * children), stopped with the code answered. A request's {@code meta} continues the
 * caller's trace. Costs nothing when the registry has no handler.
 *
 * <p>
 * Spring Boot applies it to the auto-configured server; a plain Java server takes it with
 * {@link IpcServerBuilder#observer}. This class is thread-safe.
 */
public final class IpcServerObservations implements IpcServerObserver {

	private final ObservationRegistry registry;

	private final IpcServerObservationConvention convention;

	private final IpcServerObservationConvention customConvention;

	/**
	 * Creates an observer with the default convention.
	 * @param registry where observations go
	 */
	public IpcServerObservations(ObservationRegistry registry) {
		this(registry, DefaultIpcServerObservationConvention.INSTANCE, null);
	}

	/**
	 * Creates an observer.
	 * @param registry where observations go
	 * @param convention the convention used unless a custom one is given
	 * @param customConvention a convention that replaces it (and any global one), or
	 * {@code null}
	 */
	public IpcServerObservations(ObservationRegistry registry, IpcServerObservationConvention convention,
			IpcServerObservationConvention customConvention) {
		this.registry = registry;
		this.convention = convention;
		this.customConvention = customConvention;
	}

	@Override
	public CallObservation callStarted(IpcServerRequest request) {
		if (this.registry.isNoop()) {
			return CallObservation.NONE;
		}
		IpcServerObservationContext context = new IpcServerObservationContext(request);
		Observation observation = IpcObservationDocumentation.SERVER.observation(this.customConvention, this.convention,
				() -> context, this.registry);
		if (observation.isNoop()) {
			return CallObservation.NONE;
		}
		return new Call(observation.start(), context);
	}

	/** One observed call. */
	private record Call(Observation observation, IpcServerObservationContext context) implements CallObservation {

		@Override
		public Scope openScope() {
			Observation.Scope scope = this.observation.openScope();
			return scope::close;
		}

		@Override
		public void callEnded(String code, Throwable failure) {
			this.context.setResponse(code);
			if (failure != null) {
				this.observation.error(failure);
			}
			this.observation.stop();
		}

	}

}
