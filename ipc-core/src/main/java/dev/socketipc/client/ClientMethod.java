package dev.socketipc.client;

import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.socketipc.annotation.IpcMethod;
import dev.socketipc.annotation.IpcTopic;
import dev.socketipc.protocol.RawJson;
import dev.socketipc.protocol.WireCodec;
import dev.socketipc.protocol.WireNames;
import dev.socketipc.transport.DurationText;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;

/**
 * One method of an {@code @IpcClient} interface, parsed once: its wire name, how its
 * arguments spread and are written, how its answer is read, whether the caller waits, its
 * timeout and its interceptors; {@link #invoke} makes the call. Immutable and
 * thread-safe.
 */
final class ClientMethod {

	enum Kind {

		/** Returns the converted answer; the caller waits. */
		BLOCKING,

		/** Returns nothing; the caller still waits, so that errors surface. */
		VOID,

		/**
		 * Returns a {@code CompletableFuture}/{@code CompletionStage}; the caller never
		 * waits.
		 */
		ASYNC,

		/**
		 * Returns a {@code Flow.Publisher}/{@code Flux} of a streaming call's items; each
		 * subscriber makes the call.
		 */
		STREAM,

		/**
		 * Returns a {@code Flow.Publisher}/{@code Flux} of an {@code @IpcTopic}'s events;
		 * each subscriber subscribes.
		 */
		TOPIC

	}

	/** The class name of Reactor's {@code Flux}, recognized without loading Reactor. */
	static final String FLUX = "reactor.core.publisher.Flux";

	/**
	 * How long a blocking caller waits past its call's timeout before giving up by
	 * itself: the timer ends every call at its timeout, so this bound is only a backstop
	 * that no call should ever reach.
	 */
	private static final Duration BACKSTOP_GRACE = Duration.ofSeconds(5);

	/** About 73 years: longer timeouts are this long, so deadlines never overflow. */
	private static final long LONGEST_TIMEOUT_NANOS = Long.MAX_VALUE / 4;

	final String wireName;

	final Kind kind;

	final JavaType resultType;

	final Duration timeout;

	/**
	 * The timeout in nanoseconds, at most {@link #LONGEST_TIMEOUT_NANOS}, so that a
	 * deadline never overflows.
	 */
	final long timeoutNanos;

	final boolean waitForReady;

	/**
	 * Whether a balanced proxy may make the call again on another server after its
	 * request was written and its connection lost.
	 */
	final boolean idempotent;

	private final Method javaMethod;

	private final boolean varargs;

	private final Class<?> primitiveResult;

	private final WireCodec codec;

	private final String server;

	private final List<IpcClientInterceptor> interceptors;

	/** Whether a publisher is returned as Reactor's {@code Flux}. */
	private final boolean flux;

	private ClientMethod(Method javaMethod, String wireName, Kind kind, JavaType resultType, Duration timeout,
			ClientOptions options, WireCodec codec, boolean idempotent) {
		this.javaMethod = javaMethod;
		this.flux = javaMethod != null && javaMethod.getReturnType().getName().equals(FLUX);
		this.wireName = wireName;
		this.kind = kind;
		this.resultType = resultType;
		this.timeout = timeout;
		this.timeoutNanos = nanos(timeout);
		this.idempotent = idempotent;
		this.waitForReady = options.waitForReady();
		this.varargs = javaMethod != null && javaMethod.isVarArgs();
		Class<?> raw = (javaMethod != null) ? javaMethod.getReturnType() : void.class;
		this.primitiveResult = (raw.isPrimitive() && raw != void.class) ? raw : null;
		this.codec = codec;
		this.server = options.server();
		this.interceptors = options.interceptors()
			.stream()
			.filter((interceptor) -> interceptor.servers().isEmpty() || interceptor.servers().contains(this.server))
			.toList();
	}

	/**
	 * Describes a call made on {@link IpcConnection} directly, without an interface
	 * method.
	 * @return a method with no Java method, no varargs and no interceptors
	 */
	static ClientMethod adHoc(String wireName, JavaType resultType, Duration timeout, boolean waitForReady,
			WireCodec codec) {
		return new ClientMethod(null, wireName, Kind.ASYNC, resultType, timeout,
				ClientOptions.defaults().withWaitForReady(waitForReady), codec, false);
	}

	/**
	 * Tells whether a method of an interface is called on the server: neither a default,
	 * static nor {@code Object} method, which the proxy answers itself.
	 */
	static boolean isRemote(Method method) {
		return !method.isDefault() && !Modifier.isStatic(method.getModifiers())
				&& method.getDeclaringClass() != Object.class;
	}

	/**
	 * Returns the name a proxy calls a method by: its {@code @IpcMethod} name or Java
	 * name, after the prefix.
	 */
	static String wireName(String prefix, Method method) {
		return WireNames.of(prefix, WireNames.name(method));
	}

	static ClientMethod parse(Method method, ClientOptions options, WireCodec codec) {
		IpcMethod annotation = method.getAnnotation(IpcMethod.class);
		IpcTopic topic = method.getAnnotation(IpcTopic.class);
		String name = WireNames.name(method);
		String wireName = (topic != null) ? ClientReturnKinds.topicName(method, topic)
				: wireName(options.prefix(), method);
		ClientReturnKinds.Returned returned = ClientReturnKinds.of(method, topic != null);
		Duration timeout = timeout(method, wireName, name, annotation, options);
		boolean idempotent = (annotation != null && annotation.idempotent())
				|| options.idempotentMethods().contains(wireName) || options.idempotentMethods().contains(name)
				|| options.idempotentMethods().contains(method.getName());
		return new ClientMethod(method, wireName, returned.kind(), codec.mapper().constructType(returned.type()),
				timeout, options, codec, idempotent);
	}

	private static long nanos(Duration timeout) {
		try {
			return Math.min(timeout.toNanos(), LONGEST_TIMEOUT_NANOS);
		}
		catch (ArithmeticException ex) {
			return LONGEST_TIMEOUT_NANOS;
		}
	}

	/**
	 * Returns when a call made now times out, in {@link System#nanoTime()}.
	 */
	long deadlineFromNow() {
		return System.nanoTime() + this.timeoutNanos;
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
			Duration parsed = DurationText.parse(annotation.timeout());
			if (parsed == null || parsed.isNegative() || parsed.isZero()) {
				throw methodError(method, "@IpcMethod timeout '" + annotation.timeout()
						+ "' is not a positive duration such as 500ms, 5s, 2m or PT5S");
			}
			return parsed;
		}
		return options.timeout();
	}

	/**
	 * Turns the Java arguments into the {@code args} array, spreading a varargs array.
	 */
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

	/**
	 * Makes the call through its target: returns the future of an async method at once,
	 * or waits for the answer of a blocking or void one. A streaming or topic method
	 * returns its cold publisher at once, without the interceptors.
	 * @param target one connection, or a balancer's connections
	 * @param arguments the Java arguments, {@code null} for none
	 * @return what the interface method returns
	 */
	Object invoke(ClientTarget target, Object[] arguments) {
		Object[] args = wireArguments(arguments);
		if (this.kind == Kind.STREAM || this.kind == Kind.TOPIC) {
			Flow.Publisher<Object> publisher = (this.kind == Kind.STREAM) ? target.stream(this, args)
					: target.topic(this);
			return this.flux ? ReactorAdapter.toFlux(publisher) : publisher;
		}
		CompletableFuture<Object> result = target.call(this, args);
		if (this.kind == Kind.ASYNC) {
			return result;
		}
		target.spinWait().spin(result);
		Object value = await(result);
		if (this.kind == Kind.VOID) {
			return null;
		}
		if (value == null && this.primitiveResult != null) {
			throw answeredNull();
		}
		return value;
	}

	/**
	 * Makes the call, or one attempt of a balanced call, on a connection through the
	 * interceptors, which see the connection's address.
	 * @param connection the connection to the server
	 * @param args the wire arguments
	 * @param deadlineNanos when the call times out, in {@link System#nanoTime()}
	 * @return the future result
	 */
	CompletableFuture<Object> call(IpcConnection connection, Object[] args, long deadlineNanos) {
		return this.interceptors.isEmpty() ? connection.call(this, args, Map.of(), deadlineNanos) : intercept(0,
				new IpcClientCall(this.server, this.wireName, this.javaMethod, args, connection.address(), Map.of()),
				connection, deadlineNanos);
	}

	/**
	 * Runs interceptor {@code index} around the rest of the chain; whatever it throws or
	 * returns ends the call.
	 */
	private CompletableFuture<Object> intercept(int index, IpcClientCall call, IpcConnection connection,
			long deadlineNanos) {
		if (index == this.interceptors.size()) {
			return connection.call(this, call.wireArguments(), call.meta(), deadlineNanos);
		}
		IpcClientInterceptor interceptor = this.interceptors.get(index);
		try {
			CompletionStage<Object> stage = interceptor.intercept(call,
					(next) -> intercept(index + 1, next, connection, deadlineNanos));
			if (stage == null) {
				return CompletableFuture.failedFuture(new IpcException("IPC client interceptor "
						+ interceptor.getClass().getName() + " returned null for call '" + this.wireName + "'", null));
			}
			return stage.toCompletableFuture();
		}
		catch (RuntimeException | Error ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	private Object await(CompletableFuture<Object> result) {
		try {
			return result.get(backstopNanos(this.timeout), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			throw new IpcTimeoutException(
					"IPC call '" + this.wireName + "' got no answer within " + DurationText.format(this.timeout),
					this.timeout, null);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IpcException("Interrupted while waiting for IPC call '" + this.wireName + "'", ex);
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof RuntimeException runtime) {
				// Only this caller sees the exception: give it the caller's stack rather
				// than the I/O thread's.
				runtime.fillInStackTrace();
				throw runtime;
			}
			throw new IpcException("IPC call '" + this.wireName + "' failed: " + cause, cause);
		}
	}

	private static long backstopNanos(Duration timeout) {
		try {
			return timeout.plus(BACKSTOP_GRACE).toNanos();
		}
		catch (ArithmeticException ex) {
			return Long.MAX_VALUE;
		}
	}

	/**
	 * Writes the request line, with {@code "stream":true} when asked.
	 * @throws IpcException when an argument cannot be written as JSON
	 */
	ByteBuf encode(ByteBufAllocator allocator, long rid, Object[] args, Map<String, String> meta, boolean stream) {
		try {
			return this.codec.encodeRequest(allocator, rid, this.wireName, args, meta, stream);
		}
		catch (JacksonException ex) {
			throw new IpcException("The arguments of IPC call '" + this.wireName + "' could not be written as JSON: "
					+ ex.getOriginalMessage(), ex);
		}
		catch (RuntimeException | Error ex) {
			throw new IpcException(
					"The arguments of IPC call '" + this.wireName + "' could not be written as JSON: " + ex, ex);
		}
	}

	/**
	 * Reads a successful answer's {@code data} as the result type. An absent
	 * {@code data}, or a JSON {@code null} for a primitive, is {@code null} whatever the
	 * mapper's {@code FAIL_ON_NULL_FOR_PRIMITIVES} says, and a primitive method then
	 * fails naming its type.
	 * @param data the {@code data} field, {@code null} when absent
	 * @return the value
	 * @throws IpcException when the value does not convert, whatever the conversion threw
	 * (an application deserializer, an {@code Error}): the call is already out of the rid
	 * table, so it must end here
	 */
	Object decode(RawJson data) {
		Object value;
		try {
			value = (data == null || this.resultType.getRawClass() == Void.class
					|| (data.isNull() && this.resultType.isPrimitive())) ? null
							: this.codec.convert(data, this.resultType);
		}
		catch (JacksonException ex) {
			throw new IpcException("The answer of IPC call '" + this.wireName + "' could not be read as "
					+ this.resultType.toCanonical() + ": " + this.codec.describe(ex), ex);
		}
		catch (RuntimeException | Error ex) {
			throw new IpcException("The answer of IPC call '" + this.wireName + "' could not be read as "
					+ this.resultType.toCanonical() + ": " + ex, ex);
		}
		if (value == null && this.primitiveResult != null && this.kind == Kind.BLOCKING) {
			throw answeredNull();
		}
		return value;
	}

	private IpcException answeredNull() {
		return new IpcException("IPC method '" + this.wireName + "' answered null, which the return type "
				+ this.primitiveResult.getName() + " cannot hold", null);
	}

	static IllegalArgumentException methodError(Method method, String message) {
		return new IllegalArgumentException(
				message + " for method " + method.getDeclaringClass().getSimpleName() + "." + method.getName());
	}

}
