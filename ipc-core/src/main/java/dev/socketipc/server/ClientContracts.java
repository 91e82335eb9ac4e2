package dev.socketipc.server;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.socketipc.annotation.IpcClient;
import dev.socketipc.annotation.IpcMethod;
import dev.socketipc.protocol.WireNames;

/**
 * Reads the {@link IpcClient @IpcClient} interfaces a service class implements, so that
 * one API module serves both sides: the server exposes exactly the interfaces' methods,
 * under the names and prefix the client calls.
 *
 * <p>
 * A method's wire name is its interface's prefix, then the interface method's
 * {@code @IpcMethod} name or its Java name; default and static interface methods are left
 * out, as the client runs them locally. The implementing class's other public methods
 * (overloads included) are not exposed.
 */
final class ClientContracts {

	private ClientContracts() {
	}

	/**
	 * One interface method the service must expose, with the class method that implements
	 * it.
	 */
	record Exposed(String name, Method implementation) {
	}

	/**
	 * Returns the {@code @IpcClient} interfaces the type implements, directly or through
	 * its superclasses and superinterfaces, in a stable order.
	 */
	static List<Class<?>> of(Class<?> type) {
		Set<Class<?>> found = new LinkedHashSet<>();
		for (Class<?> current = type; current != null; current = current.getSuperclass()) {
			collect(current.getInterfaces(), found);
		}
		List<Class<?>> contracts = new ArrayList<>(found);
		contracts.sort(Comparator.comparing(Class::getName));
		return contracts;
	}

	private static void collect(Class<?>[] interfaces, Set<Class<?>> found) {
		for (Class<?> iface : interfaces) {
			if (iface.isAnnotationPresent(IpcClient.class)) {
				found.add(iface);
			}
			collect(iface.getInterfaces(), found);
		}
	}

	/**
	 * Lists the methods a service exposes for one of its {@code @IpcClient} interfaces.
	 * @param service the service implementing the interface
	 * @param contract the interface
	 * @throws IllegalStateException when the service's prefix or a method's
	 * {@code @IpcMethod} name disagrees with the interface's
	 */
	static List<Exposed> exposed(ServiceDefinition service, Class<?> contract) {
		String prefix = prefix(service, contract);
		List<Exposed> exposed = new ArrayList<>();
		for (Method declared : contract.getMethods()) {
			if (declared.isDefault() || Modifier.isStatic(declared.getModifiers())) {
				continue;
			}
			IpcMethod annotation = declared.getAnnotation(IpcMethod.class);
			if (annotation != null && !annotation.exposed()) {
				continue;
			}
			String name = WireNames.name(declared);
			Method implementation = implementation(service.type(), declared);
			checkName(implementation, name, contract);
			exposed.add(new Exposed(WireNames.of(prefix, name), implementation));
		}
		exposed.sort(Comparator.comparing(Exposed::name)
			.thenComparing((entry) -> entry.implementation().getParameterCount()));
		return exposed;
	}

	private static String prefix(ServiceDefinition service, Class<?> contract) {
		String prefix = contract.getAnnotation(IpcClient.class).prefix();
		if (!service.prefix().isEmpty() && !service.prefix().equals(prefix)) {
			throw new IllegalStateException("Service " + service.type().getSimpleName() + " has the prefix '"
					+ service.prefix() + "' but implements @IpcClient interface " + contract.getSimpleName()
					+ " whose prefix is '" + prefix + "', which its clients call; use the same prefix on both, or"
					+ " leave the service's empty");
		}
		return prefix;
	}

	private static Method implementation(Class<?> type, Method declared) {
		try {
			return type.getMethod(declared.getName(), declared.getParameterTypes());
		}
		catch (NoSuchMethodException ex) {
			throw new IllegalStateException("Service " + type.getSimpleName() + " does not implement "
					+ ServiceMethod.describe(declared) + " of its @IpcClient interface", ex);
		}
	}

	private static void checkName(Method implementation, String name, Class<?> contract) {
		IpcMethod annotation = implementation.getAnnotation(IpcMethod.class);
		if (annotation != null && !annotation.value().isEmpty() && !annotation.value().equals(name)) {
			throw new IllegalStateException("@IpcMethod(\"" + annotation.value() + "\") on "
					+ ServiceMethod.describe(implementation) + " differs from the name '" + name + "' its @IpcClient"
					+ " interface " + contract.getSimpleName() + " gives it; name the method on the interface only");
		}
	}

}
