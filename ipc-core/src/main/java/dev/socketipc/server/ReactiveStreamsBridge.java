package dev.socketipc.server;

import java.util.concurrent.Flow;

import org.reactivestreams.FlowAdapters;
import org.reactivestreams.Publisher;

/**
 * Adapts a Reactive Streams publisher (Reactor's {@code Flux}) to a
 * {@link Flow.Publisher}; loaded only when {@link Publishers} found the library.
 */
final class ReactiveStreamsBridge {

	private ReactiveStreamsBridge() {
	}

	@SuppressWarnings("unchecked")
	static Flow.Publisher<Object> toFlow(Object publisher) {
		return FlowAdapters.toFlowPublisher((Publisher<Object>) publisher);
	}

}
