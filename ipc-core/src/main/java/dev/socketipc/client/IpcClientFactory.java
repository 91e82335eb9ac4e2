package dev.socketipc.client;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import dev.socketipc.protocol.WireCodec;

/**
 * Creates proxies that turn calls on an interface into IPC calls on an
 * {@link IpcConnection}.
 *
 * <p>
 * Every method is validated and parsed when the proxy is created, so a bad interface
 * fails at once with a message ending {@code for method Iface.name}. {@code toString},
 * {@code equals}, {@code hashCode} and default methods run locally.
 * {@link ClientOptions#interceptors() Interceptors} run around every other call, except
 * those of methods returning {@code Flow.Publisher<T>} or Reactor's {@code Flux<T>}: such
 * a method streams the items of a call ({@code "stream":true}), or, annotated
 * {@code @IpcTopic}, publishes a topic's events; nothing is sent until a subscriber
 * subscribes, and each subscriber gets its own call or subscription. A streaming method's
 * timeout is an idle timeout: it runs until the first item, then again from each item.
 *
 * <pre>{@code
 * interface Calculator { int add(int... numbers); CompletableFuture<Integer> time(int... numbers); }
 *
 * IpcConnection connection = IpcConnection.builder(IpcAddress.parse("unix:/tmp/calc.sock")).build();
 * Calculator calculator = IpcClientFactory.create(Calculator.class, connection, ClientOptions.defaults());
 * int sum = calculator.add(1, 2, 3, 4, 5);
 * }</pre>
 */
public final class IpcClientFactory {

	private IpcClientFactory() {
	}

	/**
	 * Creates a proxy.
	 * @param <T> the interface
	 * @param type the interface to implement
	 * @param connection the connection its calls go through
	 * @param options the prefix and timeouts
	 * @return the proxy
	 * @throws IllegalArgumentException when the type is not an interface or one of its
	 * methods is not supported
	 */
	public static <T> T create(Class<T> type, IpcConnection connection, ClientOptions options) {
		if (!type.isInterface()) {
			throw new IllegalArgumentException("@IpcClient type " + type.getName() + " must be an interface");
		}
		Map<Method, ClientMethod> methods = parse(type, options, connection.codec());
		return proxy(type, new ConnectionTarget(connection), methods);
	}

	/**
	 * Creates a proxy whose calls are spread over several servers by a balancer, each
	 * attempt on the connection the balancer chooses, with the failover rules of
	 * {@link IpcBalancer}. Streaming methods make their call on one chosen server;
	 * {@code @IpcTopic} methods are refused (a topic belongs to one server: subscribe
	 * through that server's {@link IpcConnection}).
	 * @param <T> the interface
	 * @param type the interface to implement
	 * @param balancer chooses the connection of each attempt
	 * @param codec the codec the balancer's connections use
	 * @param options the prefix, timeouts, idempotent methods and interceptors
	 * @return the proxy
	 * @throws IllegalArgumentException when the type is not an interface or one of its
	 * methods is not supported
	 */
	public static <T> T create(Class<T> type, IpcBalancer balancer, WireCodec codec, ClientOptions options) {
		Objects.requireNonNull(balancer, "balancer");
		Objects.requireNonNull(codec, "codec");
		if (!type.isInterface()) {
			throw new IllegalArgumentException("@IpcClient type " + type.getName() + " must be an interface");
		}
		// Each attempt fails fast on an unavailable server, so that the next one is
		// tried.
		Map<Method, ClientMethod> methods = parse(type, options.withWaitForReady(false), codec);
		methods.forEach((method, parsed) -> {
			if (parsed.kind == ClientMethod.Kind.TOPIC) {
				throw ClientMethod.methodError(method,
						"@IpcTopic method cannot be called through " + balancer.describe()
								+ ": a topic belongs to one server, whose IpcConnection subscribes to it");
			}
		});
		return proxy(type, new BalancedTarget(balancer, codec), methods);
	}

	private static <T> T proxy(Class<T> type, ClientTarget target, Map<Method, ClientMethod> methods) {
		ClientInvocationHandler handler = new ClientInvocationHandler(type, target, methods);
		return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, handler));
	}

	private static Map<Method, ClientMethod> parse(Class<?> type, ClientOptions options, WireCodec codec) {
		Map<Method, ClientMethod> methods = new HashMap<>();
		Map<String, Method> byWireName = new HashMap<>();
		for (Method method : type.getMethods()) {
			if (!ClientMethod.isRemote(method)) {
				continue;
			}
			ClientMethod parsed = ClientMethod.parse(method, options, codec);
			Method previous = (parsed.kind == ClientMethod.Kind.TOPIC) ? null
					: byWireName.putIfAbsent(parsed.wireName, method);
			if (previous != null) {
				throw ClientMethod.methodError(method,
						"IPC method name '" + parsed.wireName + "' is already used by " + previous.getName()
								+ previous.toGenericString().substring(previous.toGenericString().indexOf('('))
								+ "; rename one with @IpcMethod(\"...\")");
			}
			methods.put(method, parsed);
		}
		return Map.copyOf(methods);
	}

}
