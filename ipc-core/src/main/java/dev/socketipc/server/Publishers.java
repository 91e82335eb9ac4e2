package dev.socketipc.server;

import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.stream.Stream;

/**
 * What the server takes as a stream of items: a {@link Flow.Publisher}, a Reactive
 * Streams {@code org.reactivestreams.Publisher} (Reactor's {@code Flux}), recognized by
 * class name so that the core never needs the library, or a {@link Stream}; and the one
 * place that turns each into a {@code Flow.Publisher}.
 */
final class Publishers {

	/** The Reactive Streams interface, by name: the library is optional. */
	static final String REACTIVE_STREAMS_PUBLISHER = "org.reactivestreams.Publisher";

	private static final boolean REACTIVE_STREAMS_PRESENT = isPresent("org.reactivestreams.FlowAdapters");

	private Publishers() {
	}

	/**
	 * Tells whether a method returning this type publishes items: a
	 * {@code Flow.Publisher} or an {@code org.reactivestreams.Publisher}.
	 */
	static boolean isPublisher(Class<?> type) {
		return Flow.Publisher.class.isAssignableFrom(type) || implementsByName(type, REACTIVE_STREAMS_PUBLISHER);
	}

	/**
	 * Tells whether a method returning this type streams: a publisher or a
	 * {@link Stream}.
	 */
	static boolean isStreaming(Class<?> type) {
		return isPublisher(type) || Stream.class.isAssignableFrom(type);
	}

	/**
	 * Adapts what a streaming method returned.
	 * @param value a {@code Flow.Publisher}, an {@code org.reactivestreams.Publisher} or
	 * a {@link Stream}
	 * @param executor where a {@code Stream} is iterated (it may block)
	 * @param method the method, for the message
	 * @throws IllegalStateException when the value is {@code null} or none of those
	 */
	@SuppressWarnings("unchecked")
	static Flow.Publisher<Object> toFlow(Object value, Executor executor, String method) {
		if (value instanceof Flow.Publisher<?> publisher) {
			return (Flow.Publisher<Object>) publisher;
		}
		if (value instanceof Stream<?> stream) {
			return new StreamPublisher(stream, executor);
		}
		if (value != null && REACTIVE_STREAMS_PRESENT
				&& implementsByName(value.getClass(), REACTIVE_STREAMS_PUBLISHER)) {
			return ReactiveStreamsBridge.toFlow(value);
		}
		throw new IllegalStateException("Method '" + method + "' returned "
				+ ((value != null) ? "a " + value.getClass().getName() : "null") + " instead of a publisher or stream");
	}

	private static boolean implementsByName(Class<?> type, String name) {
		if (type == null) {
			return false;
		}
		if (type.getName().equals(name)) {
			return true;
		}
		for (Class<?> iface : type.getInterfaces()) {
			if (implementsByName(iface, name)) {
				return true;
			}
		}
		return implementsByName(type.getSuperclass(), name);
	}

	private static boolean isPresent(String className) {
		try {
			Class.forName(className, false, Publishers.class.getClassLoader());
			return true;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
	}

}
