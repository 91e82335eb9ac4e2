package dev.socketipc.autoconfigure;

import java.util.HashMap;
import java.util.Map;

import dev.socketipc.server.IpcServer;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;

/**
 * Starts the {@link IpcServer} with the application context and stops it gracefully on
 * shutdown. Once the server is bound, publishes the address it bound as the
 * {@value #LOCAL_ADDRESS_PROPERTY} property of the context's environment (a TCP port
 * chosen with port 0 included), as Spring Boot publishes {@code local.server.port}.
 */
public class IpcServerLifecycle implements SmartLifecycle {

	/**
	 * The phase, the same as Spring Boot's embedded web servers: started late, stopped
	 * early.
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 2048;

	/**
	 * The property holding the address the server bound, in its text form
	 * ({@code unix:/path}, {@code tcp://host:port}, {@code local:name}).
	 */
	public static final String LOCAL_ADDRESS_PROPERTY = "local.ipc.server.address";

	private static final String PROPERTY_SOURCE = "ipc.server.local";

	private final IpcServer server;

	private final ConfigurableEnvironment environment;

	/**
	 * Creates a lifecycle for the given server.
	 * @param server the server to start and stop
	 */
	public IpcServerLifecycle(IpcServer server) {
		this(server, null);
	}

	/**
	 * Creates a lifecycle that publishes the address bound in the given environment.
	 * @param server the server to start and stop
	 * @param environment where to publish {@value #LOCAL_ADDRESS_PROPERTY}, or
	 * {@code null} not to
	 */
	public IpcServerLifecycle(IpcServer server, ConfigurableEnvironment environment) {
		this.server = server;
		this.environment = environment;
	}

	@Override
	public void start() {
		this.server.start();
		if (this.environment != null) {
			publish(this.environment.getPropertySources(), this.server.address().toString());
		}
	}

	@SuppressWarnings("unchecked")
	private static void publish(MutablePropertySources sources, String address) {
		PropertySource<?> source = sources.get(PROPERTY_SOURCE);
		if (source == null) {
			Map<String, Object> values = new HashMap<>();
			values.put(LOCAL_ADDRESS_PROPERTY, address);
			sources.addFirst(new MapPropertySource(PROPERTY_SOURCE, values));
			return;
		}
		((Map<String, Object>) source.getSource()).put(LOCAL_ADDRESS_PROPERTY, address);
	}

	/**
	 * Stops the server and removes {@value #LOCAL_ADDRESS_PROPERTY}: nothing listens
	 * there any more (and a {@code local:} name may be bound by another server next).
	 */
	@Override
	public void stop() {
		this.server.stop();
		if (this.environment != null) {
			PropertySource<?> source = this.environment.getPropertySources().get(PROPERTY_SOURCE);
			if (source != null) {
				((Map<?, ?>) source.getSource()).remove(LOCAL_ADDRESS_PROPERTY);
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.server.isRunning();
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
