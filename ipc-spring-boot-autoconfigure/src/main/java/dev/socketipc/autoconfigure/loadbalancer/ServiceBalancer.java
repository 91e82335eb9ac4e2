package dev.socketipc.autoconfigure.loadbalancer;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.socketipc.autoconfigure.IpcBalancerFactory;
import dev.socketipc.client.IpcBalancer;
import dev.socketipc.client.IpcConnection;
import dev.socketipc.client.IpcConnectionPool;
import dev.socketipc.transport.IpcAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.scheduler.Schedulers;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.DefaultRequest;
import org.springframework.cloud.client.loadbalancer.DefaultRequestContext;
import org.springframework.cloud.client.loadbalancer.LoadBalancerLifecycle;
import org.springframework.cloud.client.loadbalancer.LoadBalancerLifecycleValidator;
import org.springframework.cloud.client.loadbalancer.reactive.ReactiveLoadBalancer;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;

/**
 * The {@link IpcBalancer} of one {@code lb://<serviceId>} server: each attempt of each
 * call asks the service's Spring Cloud {@link ReactiveLoadBalancer} for an instance and
 * goes through that instance's pooled connection; every refresh interval (and on a
 * discovery {@code HeartbeatEvent}) it reads the instance list again and retires the
 * connections of instances that left. Thread-safe; never blocks.
 */
final class ServiceBalancer implements IpcBalancer {

	private static final Logger logger = LoggerFactory.getLogger(ServiceBalancer.class);

	private final String serviceId;

	private final LoadBalancerClientFactory clients;

	private final ReactiveLoadBalancer<ServiceInstance> loadBalancer;

	/** The connections of the instances that do not ask for TLS. */
	private final IpcConnectionPool plain;

	/**
	 * The connections of the instances that ask for TLS: a pool of its own, so that
	 * whether a connection was built with TLS never depends on shared state.
	 */
	private final IpcConnectionPool secure;

	private final String hint;

	private final int retries;

	private final Duration refreshInterval;

	private final Disposable refreshing;

	private final Runnable onClose;

	/**
	 * The lifecycle beans supporting our requests, looked up on the first call (not at
	 * creation, while the application context may still be creating them); {@code null}
	 * before.
	 */
	@SuppressWarnings("rawtypes")
	private volatile LoadBalancerLifecycle[] lifecycles;

	/** The size of the instance list last read, 0 before a read. */
	private volatile int instances;

	private final AtomicBoolean closed = new AtomicBoolean();

	/**
	 * Creates the balancer and starts refreshing its instance list.
	 * @param serviceId the service id
	 * @param clients Spring Cloud's load balancers, one per service
	 * @param loadBalancer the service's load balancer, from {@code clients}
	 * @param connections builds the connection to one instance
	 * @param settings the hint and retries Spring Cloud configures for the service
	 * @param refreshInterval how often the instance list is read again
	 * @param drainTimeout how long the connection of an instance that left may wait for
	 * its calls: the longest call timeout of the server
	 * @param onClose told when the balancer closes
	 */
	ServiceBalancer(String serviceId, LoadBalancerClientFactory clients,
			ReactiveLoadBalancer<ServiceInstance> loadBalancer, IpcBalancerFactory.InstanceConnections connections,
			ServiceSettings settings, Duration refreshInterval, Duration drainTimeout, Runnable onClose) {
		this.serviceId = serviceId;
		this.clients = clients;
		this.loadBalancer = loadBalancer;
		this.hint = settings.hint();
		this.retries = settings.retries();
		this.refreshInterval = refreshInterval;
		this.onClose = onClose;
		this.plain = new IpcConnectionPool((address) -> connections.create(address, false), drainTimeout);
		this.secure = new IpcConnectionPool((address) -> connections.create(address, true), drainTimeout);
		long millis = refreshInterval.toMillis();
		this.refreshing = Schedulers.parallel()
			.schedulePeriodically(this::refresh, millis, millis, TimeUnit.MILLISECONDS);
	}

	@Override
	public Call newCall(String method) {
		DefaultRequest<DefaultRequestContext> request = new DefaultRequest<>(
				new DefaultRequestContext(new IpcLoadBalancerRequest(this.serviceId, method), this.hint));
		return new ServiceCall(this, request, lifecycles());
	}

	/**
	 * Returns the lifecycle beans that support our requests, looked up once: the
	 * service's context already exists (the factory asked it for the load balancer at
	 * startup), so the lookup creates no context, whichever thread makes the first call.
	 */
	@SuppressWarnings("rawtypes")
	private LoadBalancerLifecycle[] lifecycles() {
		LoadBalancerLifecycle[] found = this.lifecycles;
		if (found == null) {
			found = LoadBalancerLifecycleValidator
				.getSupportedLifecycleProcessors(this.clients.getInstances(this.serviceId, LoadBalancerLifecycle.class),
						DefaultRequestContext.class, Object.class, ServiceInstance.class)
				.toArray(new LoadBalancerLifecycle[0]);
			this.lifecycles = found;
		}
		return found;
	}

	/**
	 * Returns the service's load balancer, the one Spring Cloud gave when the balancer
	 * was created.
	 * @return the load balancer
	 */
	ReactiveLoadBalancer<ServiceInstance> loadBalancer() {
		return this.loadBalancer;
	}

	/**
	 * Leases the pooled connection of an instance for one attempt, creating it when
	 * needed: retiring the instance does not close it before the attempt ends.
	 * @param instance the chosen instance's address
	 * @return the lease, to end when the attempt ends
	 * @throws IllegalStateException when the balancer is closed
	 */
	IpcBalancer.Attempt lease(InstanceAddress instance) {
		return (instance.secure() ? this.secure : this.plain).lease(instance.address());
	}

	/**
	 * Returns how many times a choice that gave an address to avoid is made again: the
	 * size of the instance list last read, at least 3.
	 */
	int rechoices() {
		return Math.max(3, this.instances);
	}

	boolean isClosed() {
		return this.closed.get();
	}

	/**
	 * Reads the instance list and retires the connections of instances no longer in it;
	 * an empty or failed read retires nothing (a discovery hiccup).
	 */
	void refresh() {
		if (this.closed.get()) {
			return;
		}
		ServiceInstanceListSupplier supplier;
		try {
			supplier = this.clients.getInstance(this.serviceId, ServiceInstanceListSupplier.class);
		}
		catch (RuntimeException | LinkageError ex) {
			logger.debug("The instances of {} could not be read", describe(), ex);
			return;
		}
		if (supplier == null) {
			logger.debug("Spring Cloud has no instance list of {}", describe());
			return;
		}
		supplier.get()
			.next()
			.timeout(this.refreshInterval)
			.subscribe(this::retain, (ex) -> logger.debug("The instances of {} could not be read", describe(), ex));
	}

	private void retain(List<ServiceInstance> list) {
		Set<IpcAddress> plain = new LinkedHashSet<>();
		Set<IpcAddress> secure = new LinkedHashSet<>();
		for (ServiceInstance instance : list) {
			InstanceAddress address = InstanceAddress.of(instance);
			if (address != null) {
				(address.secure() ? secure : plain).add(address.address());
			}
		}
		if (plain.isEmpty() && secure.isEmpty()) {
			logger.debug("{} lists no instance now; its connections are kept", describe());
			return;
		}
		this.instances = plain.size() + secure.size();
		if (!this.closed.get()) {
			this.plain.retainOnly(plain);
			this.secure.retainOnly(secure);
		}
	}

	@Override
	public int maxRetriesOnNextServer() {
		return this.retries;
	}

	@Override
	public String describe() {
		return "lb://" + this.serviceId;
	}

	@Override
	public Map<IpcAddress, IpcConnection> connections() {
		Map<IpcAddress, IpcConnection> secure = this.secure.connections();
		if (secure.isEmpty()) {
			return this.plain.connections();
		}
		Map<IpcAddress, IpcConnection> all = new LinkedHashMap<>(this.plain.connections());
		all.putAll(secure);
		return Collections.unmodifiableMap(all);
	}

	/**
	 * Stops refreshing and closes every connection; only the first call does anything.
	 */
	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		this.refreshing.dispose();
		this.onClose.run();
		this.plain.close();
		this.secure.close();
	}

	@Override
	public String toString() {
		return describe();
	}

}
