package dev.socketipc.client;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.Future;
import java.util.stream.BaseStream;

import dev.socketipc.annotation.IpcTopic;
import dev.socketipc.protocol.WireNames;

/**
 * Reads what an {@code @IpcClient} method returns, once, when its interface is parsed:
 * the {@link ClientMethod.Kind kind} of call (blocking, void, future, a stream's or a
 * topic's publisher) and the type its answer, items or events are read as; and the topic
 * of an {@code @IpcTopic} method. Rejects what it cannot call with an error naming the
 * method.
 */
final class ClientReturnKinds {

	/** What a method returns: its kind of call and the type read from the wire. */
	record Returned(ClientMethod.Kind kind, Type type) {
	}

	private ClientReturnKinds() {
	}

	/**
	 * Reads a method's return type.
	 * @param method the interface method
	 * @param topic whether the method is an {@code @IpcTopic}
	 * @return its kind and the type read from the wire
	 * @throws IllegalArgumentException naming the method when it cannot be called
	 */
	static Returned of(Method method, boolean topic) {
		Type returnType = method.getGenericReturnType();
		Class<?> raw = method.getReturnType();
		boolean publisher = raw == Flow.Publisher.class || raw.getName().equals(ClientMethod.FLUX);
		if (topic && !publisher) {
			throw ClientMethod.methodError(method,
					"@IpcTopic method must return Flow.Publisher<T> or Flux<T>, not " + raw.getSimpleName());
		}
		if (!publisher) {
			checkSupported(method, raw, returnType);
		}
		ClientMethod.Kind kind;
		Type resultType;
		if (publisher) {
			kind = topic ? ClientMethod.Kind.TOPIC : ClientMethod.Kind.STREAM;
			resultType = typeArgument(method, raw, returnType);
		}
		else if (raw == void.class) {
			kind = ClientMethod.Kind.VOID;
			resultType = Void.class;
		}
		else if (raw == CompletableFuture.class || raw == CompletionStage.class) {
			if (!(returnType instanceof ParameterizedType)) {
				throw ClientMethod.methodError(method,
						raw.getSimpleName() + " return type must be parameterized as " + raw.getSimpleName() + "<Foo>");
			}
			kind = ClientMethod.Kind.ASYNC;
			resultType = typeArgument(method, raw, returnType);
		}
		else {
			kind = ClientMethod.Kind.BLOCKING;
			resultType = returnType;
		}
		return new Returned(kind, resultType);
	}

	/**
	 * Returns the topic of an {@code @IpcTopic} method, which takes no parameters and
	 * names a topic that is not empty nor reserved.
	 */
	static String topicName(Method method, IpcTopic topic) {
		if (method.getParameterCount() != 0) {
			throw ClientMethod.methodError(method,
					"@IpcTopic method must have no parameters, not " + method.getParameterCount());
		}
		if (topic.value().isEmpty() || topic.value().startsWith(WireNames.RESERVED_PREFIX)) {
			throw ClientMethod.methodError(method, "@IpcTopic name '" + topic.value()
					+ "' must not be empty nor start with '" + WireNames.RESERVED_PREFIX + "'");
		}
		return topic.value();
	}

	/**
	 * Returns the one type argument of a future or publisher return type, a wildcard's
	 * upper bound for {@code ? extends T}.
	 */
	private static Type typeArgument(Method method, Class<?> raw, Type returnType) {
		if (!(returnType instanceof ParameterizedType parameterized)) {
			throw ClientMethod.methodError(method,
					raw.getSimpleName() + " return type must be parameterized as " + raw.getSimpleName() + "<Foo>");
		}
		Type argument = parameterized.getActualTypeArguments()[0];
		if (argument instanceof WildcardType wildcard && wildcard.getLowerBounds().length == 0
				&& wildcard.getUpperBounds().length == 1) {
			argument = wildcard.getUpperBounds()[0];
		}
		checkResolvable(method, argument);
		return argument;
	}

	private static void checkSupported(Method method, Class<?> raw, Type returnType) {
		if (Future.class.isAssignableFrom(raw) && !CompletionStage.class.isAssignableFrom(raw)) {
			throw ClientMethod.methodError(method, raw.getSimpleName()
					+ " return type is not supported; return CompletableFuture<T> or CompletionStage<T>");
		}
		if (CompletionStage.class.isAssignableFrom(raw) && raw != CompletableFuture.class
				&& raw != CompletionStage.class) {
			throw ClientMethod.methodError(method, raw.getSimpleName()
					+ " return type is not supported; return CompletableFuture<T> or CompletionStage<T>");
		}
		if (BaseStream.class.isAssignableFrom(raw) || Iterator.class.isAssignableFrom(raw) || isPublisher(raw)) {
			throw ClientMethod.methodError(method, raw.getSimpleName()
					+ " return type is not supported: return Flow.Publisher<T> "
					+ "or Flux<T> to stream items (or, with @IpcTopic, a topic's events), or List<T> for all at once");
		}
		if (raw != CompletableFuture.class && raw != CompletionStage.class) {
			checkResolvable(method, returnType);
		}
	}

	private static boolean isPublisher(Class<?> raw) {
		for (Class<?> type = raw; type != null; type = type.getSuperclass()) {
			if (type.getName().equals("java.util.concurrent.Flow$Publisher")
					|| type.getName().equals("org.reactivestreams.Publisher")) {
				return true;
			}
			for (Class<?> iface : type.getInterfaces()) {
				if (isPublisher(iface)) {
					return true;
				}
			}
		}
		return raw.getName().equals("java.util.concurrent.Flow$Publisher")
				|| raw.getName().equals("org.reactivestreams.Publisher");
	}

	private static void checkResolvable(Method method, Type type) {
		if (type instanceof TypeVariable<?> || type instanceof WildcardType) {
			throw ClientMethod.methodError(method, "return type must not include a type variable or wildcard: " + type);
		}
		if (type instanceof ParameterizedType parameterized) {
			for (Type argument : parameterized.getActualTypeArguments()) {
				checkResolvable(method, argument);
			}
		}
		if (type instanceof GenericArrayType array) {
			checkResolvable(method, array.getGenericComponentType());
		}
	}

}
