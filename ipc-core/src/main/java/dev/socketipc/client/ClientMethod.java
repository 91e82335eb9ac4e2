package dev.socketipc.client;

import java.lang.reflect.Array;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.stream.BaseStream;

import dev.socketipc.annotation.IpcMethod;
import dev.socketipc.protocol.WireNames;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * One method of an {@code @IpcClient} interface, parsed once: its wire name, how its arguments spread, the type of
 * its answer, whether the caller waits, and its timeout.
 */
final class ClientMethod {

	enum Kind {

		/** Returns the converted answer; the caller waits. */
		BLOCKING,

		/** Returns nothing; the caller still waits, so that errors surface. */
		VOID,

		/** Returns a {@code CompletableFuture}/{@code CompletionStage}; the caller never waits. */
		ASYNC

	}

	final String wireName;

	final Kind kind;

	final JavaType resultType;

	final Duration timeout;

	private final boolean varargs;

	private final Class<?> primitiveResult;

	private ClientMethod(String wireName, Kind kind, JavaType resultType, Duration timeout, boolean varargs,
			Class<?> primitiveResult) {
		this.wireName = wireName;
		this.kind = kind;
		this.resultType = resultType;
		this.timeout = timeout;
		this.varargs = varargs;
		this.primitiveResult = primitiveResult;
	}

	static ClientMethod parse(Method method, ClientOptions options, JsonMapper mapper) {
		IpcMethod annotation = method.getAnnotation(IpcMethod.class);
		String name = WireNames.name(method);
		String wireName = WireNames.of(options.prefix(), name);
		Type returnType = method.getGenericReturnType();
		Class<?> raw = method.getReturnType();
		checkSupported(method, raw, returnType);
		Kind kind;
		Type resultType;
		if (raw == void.class) {
			kind = Kind.VOID;
			resultType = Void.class;
		}
		else if (raw == CompletableFuture.class || raw == CompletionStage.class) {
			if (!(returnType instanceof ParameterizedType parameterized)) {
				throw methodError(method, raw.getSimpleName() + " return type must be parameterized as "
						+ raw.getSimpleName() + "<Foo>");
			}
			kind = Kind.ASYNC;
			resultType = parameterized.getActualTypeArguments()[0];
			if (resultType instanceof WildcardType wildcard && wildcard.getLowerBounds().length == 0
					&& wildcard.getUpperBounds().length == 1) {
				resultType = wildcard.getUpperBounds()[0];
			}
			checkResolvable(method, resultType);
		}
		else {
			kind = Kind.BLOCKING;
			resultType = returnType;
		}
		Duration timeout = timeout(method, wireName, name, annotation, options);
		Class<?> primitive = (raw.isPrimitive() && raw != void.class) ? raw : null;
		return new ClientMethod(wireName, kind, mapper.constructType(resultType), timeout, method.isVarArgs(),
				primitive);
	}

	private static void checkSupported(Method method, Class<?> raw, Type returnType) {
		if (Future.class.isAssignableFrom(raw) && !CompletionStage.class.isAssignableFrom(raw)) {
			throw methodError(method, raw.getSimpleName()
					+ " return type is not supported; return CompletableFuture<T> or CompletionStage<T>");
		}
		if (CompletionStage.class.isAssignableFrom(raw) && raw != CompletableFuture.class
				&& raw != CompletionStage.class) {
			throw methodError(method, raw.getSimpleName()
					+ " return type is not supported; return CompletableFuture<T> or CompletionStage<T>");
		}
		if (BaseStream.class.isAssignableFrom(raw) || Iterator.class.isAssignableFrom(raw)
				|| isPublisher(raw)) {
			throw methodError(method, raw.getSimpleName()
					+ " return type is not supported: a call has exactly one answer; return a List<T> instead");
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
			throw methodError(method, "return type must not include a type variable or wildcard: " + type);
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

	private static Duration timeout(Method method, String wireName, String name, IpcMethod annotation,
			ClientOptions options) {
		Duration configured = options.methodTimeouts().get(wireName);
		if (configured == null) {
			configured = options.methodTimeouts().get(name);
		}
		if (configured == null) {
			configured = options.methodTimeouts().get(method.getName());
		}
		if (configured != null) {
			return configured;
		}
		if (annotation != null && !annotation.timeout().isEmpty()) {
			Duration parsed = Durations.parse(annotation.timeout());
			if (parsed == null || parsed.isNegative() || parsed.isZero()) {
				throw methodError(method, "@IpcMethod timeout '" + annotation.timeout()
						+ "' is not a positive duration such as 500ms, 5s, 2m or PT5S");
			}
			return parsed;
		}
		return options.timeout();
	}

	/** Turns the Java arguments into the {@code args} array, spreading a varargs array. */
	Object[] wireArguments(Object[] arguments) {
		if (arguments == null) {
			return new Object[0];
		}
		if (!this.varargs) {
			return arguments;
		}
		Object array = arguments[arguments.length - 1];
		int spread = (array != null) ? Array.getLength(array) : 0;
		Object[] values = new Object[arguments.length - 1 + spread];
		System.arraycopy(arguments, 0, values, 0, arguments.length - 1);
		for (int i = 0; i < spread; i++) {
			values[arguments.length - 1 + i] = Array.get(array, i);
		}
		return values;
	}

	/** Checks a blocking method's answer against a primitive return type, which cannot take {@code null}. */
	Object checkResult(Object value) {
		if (value == null && this.primitiveResult != null) {
			throw new IpcException("IPC method '" + this.wireName + "' answered null, which the return type "
					+ this.primitiveResult.getName() + " cannot hold", null);
		}
		return value;
	}

	static IllegalArgumentException methodError(Method method, String message) {
		return new IllegalArgumentException(
				message + " for method " + method.getDeclaringClass().getSimpleName() + "." + method.getName());
	}

}
