package dev.socketipc.client;

import java.util.concurrent.Flow;

import reactor.adapter.JdkFlowAdapter;

/**
 * Turns a {@link Flow.Publisher} into Reactor's {@code Flux}. Only loaded for a method
 * that returns {@code Flux}, so Reactor is needed only by applications that use it
 * (reactor-core is an optional dependency of the core).
 */
final class ReactorAdapter {

	private ReactorAdapter() {
	}

	static Object toFlux(Flow.Publisher<Object> publisher) {
		return JdkFlowAdapter.flowPublisherToFlux(publisher);
	}

}
