package dev.socketipc.autoconfigure;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import dev.socketipc.transport.IpcAddress;
import dev.socketipc.transport.SocketDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * The address the auto-configured server of one application context listens on, decided
 * before the server is built: {@code ipc.server.address} when set; else the default
 * socket, named after {@code spring.application.name} in the default socket directory
 * ({@code orders.sock} for {@code orders}), unless another application context of this
 * JVM already uses it (two cached test contexts of one application, say): then the first
 * free {@code orders-2.sock}, {@code orders-3.sock}... of the same directory, logged at
 * INFO. The default addresses are claimed JVM-wide until the context closes; an address
 * set in {@code ipc.server.address} is never changed, so a taken one still fails at
 * startup naming the property. This class is thread-safe.
 */
final class OwnServerAddress implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(OwnServerAddress.class);

	/** Default addresses claimed by the application contexts of this JVM. */
	private static final Set<IpcAddress> claimed = ConcurrentHashMap.newKeySet();

	private final IpcAddress configured;

	private final IpcAddress chosen;

	/** Whether this context holds {@link #chosen} in {@link #claimed}. */
	private volatile boolean claim;

	private OwnServerAddress(IpcAddress configured, IpcAddress chosen, boolean claim) {
		this.configured = configured;
		this.chosen = chosen;
		this.claim = claim;
	}

	/**
	 * Decides the address: the configured one, or a default one that no other context of
	 * this JVM uses.
	 * @throws InvalidConfigurationPropertyValueException when {@code ipc.server.address}
	 * is not an address
	 */
	static OwnServerAddress decide(IpcServerProperties properties, Environment environment,
			Stream<IpcServerAddressResolver> resolvers) {
		String address = properties.getAddress();
		String name = environment.getProperty("spring.application.name", "ipc");
		IpcAddress configured = StringUtils.hasText(address) ? parse(address) : SocketDirectory.defaultPath(name);
		IpcAddress resolved = resolvers.map((resolver) -> resolver.resolve(configured))
			.filter(Objects::nonNull)
			.findFirst()
			.orElse(null);
		if (resolved != null || StringUtils.hasText(address)) {
			return new OwnServerAddress(configured, (resolved != null) ? resolved : configured, false);
		}
		// the server listens in the default directory: create it (owner-only) or check it
		IpcAddress.Unix first = SocketDirectory.defaultAddress(name);
		String base = first.path().getFileName().toString().replaceFirst("\\.sock$", "");
		IpcAddress.Unix candidate = first;
		for (int n = 2; !claimed.add(candidate); n++) {
			candidate = new IpcAddress.Unix(first.path().resolveSibling(base + "-" + n + ".sock"));
		}
		if (!candidate.equals(first)) {
			logger.info("ipc.server.address is not set and another application context of this JVM serves the "
					+ "default address {}: this context's IPC server listens on {}, and its own clients follow it "
					+ "(set ipc.server.address to choose the address)", first, candidate);
		}
		return new OwnServerAddress(first, candidate, true);
	}

	static IpcAddress parse(String address) {
		try {
			return IpcAddress.parse(address);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException("ipc.server.address", address, ex.getMessage());
		}
	}

	/**
	 * The address as configured: {@code ipc.server.address}, or the default socket before
	 * any suffix. A client configured with it means this server.
	 * @return the configured address
	 */
	IpcAddress configured() {
		return this.configured;
	}

	/**
	 * The address to build the server with.
	 * @return the configured address, or the free default one
	 */
	IpcAddress chosen() {
		return this.chosen;
	}

	/**
	 * Gives the default address back to the other contexts of this JVM: when the context
	 * closes, or when a customizer moved the server elsewhere.
	 */
	void release() {
		if (this.claim) {
			this.claim = false;
			claimed.remove(this.chosen);
		}
	}

	@Override
	public void destroy() {
		release();
	}

}
