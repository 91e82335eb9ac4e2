package dev.socketipc.server;

import java.lang.reflect.Method;
import java.util.Map;

import dev.socketipc.annotation.IpcTopic;
import dev.socketipc.protocol.WireCodec;
import dev.socketipc.protocol.WireNames;

/**
 * Reads and checks the {@code @IpcTopic} methods of services: no parameters, a publisher
 * returned, a topic name that is not empty, not reserved and not declared twice.
 */
final class TopicMethods {

	private TopicMethods() {
	}

	/**
	 * Checks a topic's name, wherever it is declared.
	 * @param name the topic
	 * @param source what declares it, for the message
	 * @throws IllegalArgumentException when it is empty or starts with {@code $}
	 */
	static String checkName(String name, String source) {
		if (name == null || name.isEmpty() || name.startsWith(WireNames.RESERVED_PREFIX)) {
			throw new IllegalArgumentException("Topic " + ((name != null) ? "'" + name + "'" : "null") + " of " + source
					+ " is not valid: a topic is not empty and does not start with '" + WireNames.RESERVED_PREFIX
					+ "'");
		}
		return name;
	}

	/**
	 * The {@code @IpcTopic} of a method, or of the {@code @IpcClient} method it
	 * implements.
	 */
	static IpcTopic annotation(Class<?> contract, Method implementation) {
		IpcTopic topic = implementation.getAnnotation(IpcTopic.class);
		if (topic != null) {
			return topic;
		}
		try {
			return contract.getMethod(implementation.getName(), implementation.getParameterTypes())
				.getAnnotation(IpcTopic.class);
		}
		catch (NoSuchMethodException ex) {
			return null;
		}
	}

	/**
	 * Adds an {@code @IpcTopic} method.
	 * @throws IllegalStateException naming the method when it is not a valid topic
	 */
	static void add(Map<String, ServiceMethod> topics, IpcTopic topic, ServiceDefinition service, Method method,
			WireCodec codec) {
		String described = ServiceMethod.describe(method);
		try {
			checkName(topic.value(), "@IpcTopic method " + described);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException(ex.getMessage(), ex);
		}
		if (method.getParameterCount() != 0 || !Publishers.isPublisher(method.getReturnType())) {
			throw new IllegalStateException("@IpcTopic method " + described + " must take no parameters and return "
					+ "Flow.Publisher<T> or org.reactivestreams.Publisher<T> (such as Reactor's Flux<T>), not "
					+ method.getReturnType().getSimpleName());
		}
		ServiceMethod serviceMethod = new ServiceMethod(topic.value(), service.target(), method,
				service.invocableMethod().apply(method), codec);
		ServiceMethod previous = topics.putIfAbsent(topic.value(), serviceMethod);
		if (previous != null) {
			throw new IllegalStateException("Topic '" + topic.value() + "' is declared twice, by " + previous.describe()
					+ " and " + described + "; a topic has one @IpcTopic method");
		}
	}

}
