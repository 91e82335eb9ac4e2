package dev.socketipc.autoconfigure.observation;

import java.util.concurrent.CompletionStage;

import dev.socketipc.client.ClientOptions;
import dev.socketipc.client.IpcClientCall;
import dev.socketipc.client.IpcClientInterceptor;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/**
 * Observes every call of an {@code @IpcClient} proxy as an {@code ipc.client} observation
 * (see {@link IpcObservationDocumentation#CLIENT}): an interceptor that starts it, lets a
 * tracer write {@code traceparent} into a copy of the call's {@code meta}, proceeds with
 * that {@code meta} ({@link IpcClientCall#withMeta}) and stops the observation when the
 * call ends: {@code OK}, the code the server answered, {@code TIMEOUT} or
 * {@code CONNECTION_FAILED}. Costs nothing when the registry has no handler.
 *
 * <p>
 * It belongs first in the interceptor chain, so that it times everything the caller waits
 * for and the other interceptors run within its scope: Spring Boot orders its bean first;
 * a plain Java client puts it first in {@link ClientOptions#withInterceptors}. This class
 * is thread-safe.
 */
public final class IpcClientObservations implements IpcClientInterceptor {

	private final ObservationRegistry registry;

	private final IpcClientObservationConvention convention;

	private final IpcClientObservationConvention customConvention;

	/**
	 * Creates an interceptor with the default convention.
	 * @param registry where observations go
	 */
	public IpcClientObservations(ObservationRegistry registry) {
		this(registry, DefaultIpcClientObservationConvention.INSTANCE, null);
	}

	/**
	 * Creates an interceptor.
	 * @param registry where observations go
	 * @param convention the convention used unless a custom one is given
	 * @param customConvention a convention that replaces it (and any global one), or
	 * {@code null}
	 */
	public IpcClientObservations(ObservationRegistry registry, IpcClientObservationConvention convention,
			IpcClientObservationConvention customConvention) {
		this.registry = registry;
		this.convention = convention;
		this.customConvention = customConvention;
	}

	@Override
	public CompletionStage<Object> intercept(IpcClientCall call, Chain next) {
		if (this.registry.isNoop()) {
			return next.proceed(call);
		}
		IpcClientObservationContext context = new IpcClientObservationContext(call);
		Observation observation = IpcObservationDocumentation.CLIENT.observation(this.customConvention, this.convention,
				() -> context, this.registry);
		if (observation.isNoop()) {
			return next.proceed(call);
		}
		observation.start();
		CompletionStage<Object> stage;
		try (Observation.Scope scope = observation.openScope()) {
			IpcClientCall traced = context.meta().isEmpty() ? call : call.withMeta(context.meta());
			stage = next.proceed(traced);
		}
		catch (RuntimeException | Error ex) {
			end(observation, context, ex);
			throw ex;
		}
		return stage.whenComplete((result, failure) -> end(observation, context, failure));
	}

	private static void end(Observation observation, IpcClientObservationContext context, Throwable failure) {
		Throwable cause = (failure != null) ? Outcomes.unwrap(failure) : null;
		context.setResponse(Outcomes.clientStatusCode(cause));
		if (cause != null) {
			observation.error(cause);
		}
		observation.stop();
	}

}
