package dev.socketipc.server;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.socketipc.annotation.IpcMethod;
import dev.socketipc.annotation.IpcTopic;
import dev.socketipc.protocol.WireCodec;
import dev.socketipc.protocol.WireNames;

/**
 * The methods a server exposes, by wire name, built once at startup from its
 * {@link ServiceDefinition}s.
 *
 * <p>
 * A service exposes the public instance methods of its type, except methods of
 * {@code Object}, static, bridge and synthetic methods, methods that implement a JDK,
 * Jakarta or Spring interface or superclass method (such as {@code afterPropertiesSet},
 * {@code close} or {@code run}), lifecycle callbacks, and methods annotated
 * {@code @IpcMethod(exposed = false)}. An explicit {@code @IpcMethod} exposes a method
 * that would otherwise be left out.
 *
 * <p>
 * A service that implements {@code @IpcClient} interfaces exposes exactly their methods
 * instead, under the names its clients call (see {@link ClientContracts}).
 *
 * <p>
 * Methods annotated {@link IpcTopic} are not called but publish a topic's events: they
 * are kept by topic, apart from the methods. No method name may start with {@code $},
 * reserved for the protocol's own methods.
 */
final class ServiceRegistry {

	private static final List<String> FRAMEWORK_PACKAGES = List.of("java.", "javax.", "jakarta.",
			"org.springframework.", "kotlin.", "groovy.");

	private static final Set<String> LIFECYCLE_ANNOTATIONS = Set.of("jakarta.annotation.PostConstruct",
			"jakarta.annotation.PreDestroy", "javax.annotation.PostConstruct", "javax.annotation.PreDestroy");

	private final Map<String, ServiceMethod> methods;

	private final Map<String, ServiceMethod> topics;

	private ServiceRegistry(Map<String, ServiceMethod> methods, Map<String, ServiceMethod> topics) {
		this.methods = methods;
		this.topics = topics;
	}

	/**
	 * Reads the exposed methods of every service.
	 * @throws IllegalStateException when two exposed methods share a wire name, a name
	 * starts with {@code $}, or an {@code @IpcTopic} method is not a valid topic
	 */
	static ServiceRegistry of(List<ServiceDefinition> services, WireCodec codec) {
		Map<String, ServiceMethod> methods = new LinkedHashMap<>();
		Map<String, ServiceMethod> topics = new LinkedHashMap<>();
		for (ServiceDefinition service : services) {
			List<Class<?>> contracts = ClientContracts.of(service.type());
			if (contracts.isEmpty()) {
				for (Method method : exposedMethods(service.type())) {
					IpcTopic topic = method.getAnnotation(IpcTopic.class);
					if (topic != null) {
						TopicMethods.add(topics, topic, service, method, codec);
					}
					else {
						add(methods, WireNames.of(service.prefix(), method), service, method, codec);
					}
				}
			}
			for (Class<?> contract : contracts) {
				for (ClientContracts.Exposed exposed : ClientContracts.exposed(service, contract)) {
					IpcTopic topic = TopicMethods.annotation(contract, exposed.implementation());
					if (topic != null) {
						TopicMethods.add(topics, topic, service, exposed.implementation(), codec);
					}
					else {
						add(methods, exposed.name(), service, exposed.implementation(), codec);
					}
				}
			}
		}
		return new ServiceRegistry(Collections.unmodifiableMap(methods), Collections.unmodifiableMap(topics));
	}

	private static void add(Map<String, ServiceMethod> methods, String name, ServiceDefinition service, Method method,
			WireCodec codec) {
		if (name.startsWith(WireNames.RESERVED_PREFIX)) {
			throw new IllegalStateException("IPC method name '" + name + "' of " + ServiceMethod.describe(method)
					+ " starts with '" + WireNames.RESERVED_PREFIX + "', which is reserved for the protocol's own"
					+ " methods ($subscribe, $unsubscribe); rename it with @IpcMethod(\"...\")");
		}
		Method invocable = service.invocableMethod().apply(method);
		ServiceMethod serviceMethod = new ServiceMethod(name, service.target(), method, invocable, codec);
		ServiceMethod previous = methods.putIfAbsent(name, serviceMethod);
		if (previous != null) {
			throw new IllegalStateException("IPC method name '" + name + "' is exposed twice, by " + previous.describe()
					+ " and " + serviceMethod.describe()
					+ "; rename one with @IpcMethod(\"...\") or hide it with @IpcMethod(exposed = false)");
		}
	}

	ServiceMethod get(String name) {
		return this.methods.get(name);
	}

	List<String> names() {
		return List.copyOf(this.methods.keySet());
	}

	/** The {@code @IpcTopic} methods by topic, in the order declared. */
	Map<String, ServiceMethod> topics() {
		return this.topics;
	}

	private static List<Method> exposedMethods(Class<?> type) {
		List<Method> exposed = new ArrayList<>();
		for (Method method : type.getMethods()) {
			if (isExposed(type, method)) {
				exposed.add(method);
			}
		}
		exposed.sort(Comparator.comparing(Method::getName).thenComparing(Method::getParameterCount));
		return exposed;
	}

	private static boolean isExposed(Class<?> type, Method method) {
		if (method.getDeclaringClass() == Object.class || Modifier.isStatic(method.getModifiers()) || method.isBridge()
				|| method.isSynthetic()) {
			return false;
		}
		IpcMethod annotation = method.getAnnotation(IpcMethod.class);
		if (annotation != null) {
			return annotation.exposed();
		}
		return !isFrameworkName(method.getDeclaringClass()) && !isLifecycleCallback(method)
				&& !overridesFrameworkMethod(type, method);
	}

	private static boolean isLifecycleCallback(Method method) {
		for (Annotation annotation : method.getAnnotations()) {
			if (LIFECYCLE_ANNOTATIONS.contains(annotation.annotationType().getName())) {
				return true;
			}
		}
		return false;
	}

	private static boolean overridesFrameworkMethod(Class<?> type, Method method) {
		for (Class<?> current = type; current != null; current = current.getSuperclass()) {
			if (isFrameworkName(current) && declares(current, method)) {
				return true;
			}
			for (Class<?> iface : current.getInterfaces()) {
				if (interfaceDeclares(iface, method)) {
					return true;
				}
			}
		}
		return false;
	}

	private static boolean interfaceDeclares(Class<?> iface, Method method) {
		if (isFrameworkName(iface) && declares(iface, method)) {
			return true;
		}
		return Arrays.stream(iface.getInterfaces()).anyMatch((parent) -> interfaceDeclares(parent, method));
	}

	private static boolean declares(Class<?> type, Method method) {
		try {
			type.getDeclaredMethod(method.getName(), method.getParameterTypes());
			return true;
		}
		catch (NoSuchMethodException ex) {
			return false;
		}
	}

	private static boolean isFrameworkName(Class<?> type) {
		String name = type.getName();
		return FRAMEWORK_PACKAGES.stream().anyMatch(name::startsWith);
	}

}
