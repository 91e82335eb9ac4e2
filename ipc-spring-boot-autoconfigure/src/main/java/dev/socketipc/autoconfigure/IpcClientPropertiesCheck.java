package dev.socketipc.autoconfigure;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import dev.socketipc.client.IpcConnectionBuilder;
import dev.socketipc.annotation.IpcClient;
import dev.socketipc.client.ClientOptions;
import dev.socketipc.client.IpcConnection;
import dev.socketipc.client.ReconnectBackoff;
import dev.socketipc.protocol.WireNames;
import dev.socketipc.transport.IpcAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.StringUtils;

/**
 * Checks {@code ipc.client.*}: every value against the library's own rules before any
 * client is created ({@link #checkValues}), and {@code ipc.client.servers.*} against the
 * {@link IpcClient @IpcClient} interfaces once every singleton exists, so that a misspelt
 * key is not silently ignored: a {@code method-timeouts} key that no method of the
 * server's interfaces answers to fails startup naming the property; a
 * {@code servers.<name>} entry that no {@code @IpcClient}, {@code @IpcListener} or
 * {@code application-events} uses is logged as a warning (a shared configuration file may
 * hold servers another application uses). An {@code idempotent-methods} entry is checked
 * as a method timeout key is; an {@code lb://} address must be {@code lb://<serviceId>}.
 */
class IpcClientPropertiesCheck implements SmartInitializingSingleton {

	private static final Logger logger = LoggerFactory.getLogger(IpcClientPropertiesCheck.class);

	private final IpcClientProperties properties;

	private final ListableBeanFactory beanFactory;

	private final IpcClientRegistry registry;

	private final IpcListeners listeners;

	IpcClientPropertiesCheck(IpcClientProperties properties, ListableBeanFactory beanFactory,
			IpcClientRegistry registry, IpcListeners listeners) {
		this.properties = properties;
		this.beanFactory = beanFactory;
		this.registry = registry;
		this.listeners = listeners;
	}

	/**
	 * Fails with an {@link InvalidConfigurationPropertyValueException} naming the first
	 * property whose value the client library refuses (a timeout that is not positive, a
	 * bad address, a backoff out of range...), checked with the library's own rules so
	 * that both say the same.
	 */
	static void checkValues(IpcClientProperties properties) {
		checkTimeout("ipc.client.timeout", properties.getTimeout());
		IpcConnectionBuilder builder = IpcConnection.builder(new IpcAddress.Tcp("localhost", 0));
		apply("ipc.client.connect-timeout", properties.getConnectTimeout(),
				() -> builder.connectTimeout(properties.getConnectTimeout()));
		apply("ipc.client.heartbeat-interval", properties.getHeartbeatInterval(),
				() -> builder.heartbeatInterval(properties.getHeartbeatInterval()));
		apply("ipc.client.spin-wait", properties.getSpinWait(), () -> builder.spinWait(properties.getSpinWait()));
		apply("ipc.client.max-line-length", properties.getMaxLineLength(),
				() -> builder.maxLineLength(IpcServerAutoConfiguration.bytes(properties.getMaxLineLength())));
		IpcClientProperties.Reconnect reconnect = properties.getReconnect();
		Duration initial = reconnect.getInitialBackoff();
		apply("ipc.client.reconnect.initial-backoff", initial, () -> new ReconnectBackoff(initial, initial, 1, 0));
		apply("ipc.client.reconnect.max-backoff", reconnect.getMaxBackoff(),
				() -> new ReconnectBackoff(initial, reconnect.getMaxBackoff(), 1, 0));
		apply("ipc.client.reconnect.multiplier", reconnect.getMultiplier(),
				() -> new ReconnectBackoff(initial, initial, reconnect.getMultiplier(), 0));
		apply("ipc.client.reconnect.jitter", reconnect.getJitter(),
				() -> new ReconnectBackoff(initial, initial, 1, reconnect.getJitter()));
		Duration refresh = properties.getDiscovery().getRefreshInterval();
		if (refresh == null || refresh.toMillis() < 1) {
			// a period under 1 ms makes Reactor run the refresh back to back
			throw new InvalidConfigurationPropertyValueException("ipc.client.discovery.refresh-interval", refresh,
					"must be at least 1ms: it is how often the instances of each lb:// server are read again");
		}
		properties.getServers().forEach(IpcClientPropertiesCheck::checkServer);
	}

	private static void checkServer(String name, IpcClientProperties.Server server) {
		String prefix = "ipc.client.servers." + name + ".";
		if (BalancedAddress.matches(server.getAddress())) {
			apply(prefix + "address", server.getAddress(), () -> BalancedAddress.serviceId(server.getAddress()));
			// the instances are on TCP, whose server's user cannot be known
			apply(prefix + "allowed-server-uids", server.getAllowedServerUids(),
					() -> IpcConnection.builder(new IpcAddress.Tcp("localhost", 0))
						.allowedServerUids(server.getAllowedServerUids()));
			warnIgnoredOnBalanced(prefix, server);
		}
		else if (StringUtils.hasText(server.getAddress()) && !OwnServer.SELF.equals(server.getAddress())) {
			IpcAddress address = apply(prefix + "address", server.getAddress(),
					() -> IpcAddress.parse(server.getAddress()));
			apply(prefix + "allowed-server-uids", server.getAllowedServerUids(),
					() -> IpcConnection.builder(address).allowedServerUids(server.getAllowedServerUids()));
		}
		if (server.getTimeout() != null) {
			checkTimeout(prefix + "timeout", server.getTimeout());
		}
		server.getMethodTimeouts()
			.forEach((method, timeout) -> checkTimeout(prefix + "method-timeouts." + method, timeout));
	}

	/**
	 * Warns about the settings of a single server's connection an {@code lb://} server
	 * does not apply: its instances' connections are made when first chosen, a call fails
	 * over rather than waiting for one instance, and no contract check is made.
	 */
	private static void warnIgnoredOnBalanced(String prefix, IpcClientProperties.Server server) {
		if (Boolean.TRUE.equals(server.getWaitForReady())) {
			logger.warn("{}wait-for-ready=true is ignored on an lb:// server: a call to an unavailable instance is "
					+ "sent to another instance instead of waiting for it", prefix);
		}
		if (Boolean.FALSE.equals(server.getLazy())) {
			logger.warn("{}lazy=false is ignored on an lb:// server: the connection to each instance is made the "
					+ "first time the instance is chosen", prefix);
		}
		if (server.getVerifyContract() == IpcClientProperties.VerifyContract.FAIL) {
			logger.warn("{}verify-contract=fail is ignored on an lb:// server: the contract is checked against a "
					+ "single server's register message only", prefix);
		}
	}

	private static void checkTimeout(String property, Duration timeout) {
		apply(property, timeout, () -> new ClientOptions("", timeout, Map.of()));
	}

	private static <T> T apply(String property, Object value, Supplier<T> check) {
		try {
			return check.get();
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			throw new InvalidConfigurationPropertyValueException(property, value,
					(ex.getMessage() != null) ? ex.getMessage() : "must be set");
		}
	}

	@Override
	public void afterSingletonsInstantiated() {
		Map<String, List<Class<?>>> clientsByServer = clientsByServer();
		Set<String> listened = this.listeners.clients();
		for (Map.Entry<String, IpcClientProperties.Server> entry : this.properties.getServers().entrySet()) {
			String name = entry.getKey();
			List<Class<?>> clients = clientsByServer.get(name);
			if (clients == null && (listened.contains(name) || entry.getValue().isApplicationEvents())) {
				continue;
			}
			if (clients == null) {
				logger.warn("ipc.client.servers.{} is configured but no @IpcClient names the server '{}'; "
						+ "@IpcClient interfaces name {}", name, name, new TreeSet<>(clientsByServer.keySet()));
				continue;
			}
			checkMethodTimeouts(name, entry.getValue().getMethodTimeouts(), clients);
			checkIdempotentMethods(name, entry.getValue().getIdempotentMethods(), clients);
		}
	}

	private Map<String, List<Class<?>>> clientsByServer() {
		Set<Class<?>> types = new LinkedHashSet<>(this.registry.clientTypes());
		for (String bean : this.beanFactory.getBeanNamesForAnnotation(IpcClient.class)) {
			Class<?> type = this.beanFactory.getType(bean, false);
			if (type != null && type.isInterface()) {
				types.add(type);
			}
		}
		Map<String, List<Class<?>>> byServer = new LinkedHashMap<>();
		for (Class<?> type : types) {
			IpcClient annotation = AnnotatedElementUtils.findMergedAnnotation(type, IpcClient.class);
			if (annotation != null && StringUtils.hasText(annotation.value())) {
				byServer.computeIfAbsent(annotation.value(), (key) -> new ArrayList<>()).add(type);
			}
		}
		return byServer;
	}

	private static void checkMethodTimeouts(String server, Map<String, Duration> timeouts, List<Class<?>> clients) {
		Set<String> keys = new TreeSet<>();
		for (Class<?> client : clients) {
			keys.addAll(timeoutKeys(client));
		}
		for (Map.Entry<String, Duration> timeout : timeouts.entrySet()) {
			if (!keys.contains(timeout.getKey())) {
				throw new InvalidConfigurationPropertyValueException(
						"ipc.client.servers." + server + ".method-timeouts." + timeout.getKey(), timeout.getValue(),
						"no method of " + clients.stream().map(Class::getName).toList() + " is named '"
								+ timeout.getKey() + "'; method timeouts are keyed by Java method name or wire name: "
								+ keys);
			}
		}
	}

	private static void checkIdempotentMethods(String server, List<String> methods, List<Class<?>> clients) {
		Set<String> keys = new TreeSet<>();
		clients.forEach((client) -> keys.addAll(timeoutKeys(client)));
		for (int i = 0; i < methods.size(); i++) {
			if (!keys.contains(methods.get(i))) {
				throw new InvalidConfigurationPropertyValueException(
						"ipc.client.servers." + server + ".idempotent-methods[" + i + "]", methods.get(i),
						"no method of " + clients.stream().map(Class::getName).toList() + " is named '" + methods.get(i)
								+ "'; idempotent methods are named by Java method name or wire " + "name: " + keys);
			}
		}
	}

	/**
	 * The names a method timeout may be keyed by, as {@code ClientMethod} looks them up.
	 */
	private static Set<String> timeoutKeys(Class<?> client) {
		IpcClient annotation = AnnotatedElementUtils.findMergedAnnotation(client, IpcClient.class);
		String prefix = (annotation != null) ? annotation.prefix() : "";
		Set<String> keys = new LinkedHashSet<>();
		for (Method method : client.getMethods()) {
			if (method.isDefault() || Modifier.isStatic(method.getModifiers())
					|| method.getDeclaringClass() == Object.class) {
				continue;
			}
			String name = WireNames.name(method);
			keys.add(method.getName());
			keys.add(name);
			keys.add(WireNames.of(prefix, name));
		}
		return keys;
	}

}
