package dev.socketipc.autoconfigure.loadbalancer;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.socketipc.autoconfigure.IpcBalancerFactory;
import dev.socketipc.client.IpcBalancer;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.event.HeartbeatEvent;
import org.springframework.cloud.client.loadbalancer.reactive.ReactiveLoadBalancer;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.util.ClassUtils;

/**
 * The {@link IpcBalancerFactory} over Spring Cloud LoadBalancer: each {@code lb://}
 * server gets a {@link ServiceBalancer} over its service's {@link ReactiveLoadBalancer}.
 * Checks at startup what would otherwise fail on every call: spring-web on the classpath
 * (Spring Cloud LoadBalancer 5.0.x needs it to choose any instance), and a load balancer
 * for the service. A discovery {@link HeartbeatEvent} (Eureka, Consul, Kubernetes) makes
 * every balancer read its instance list at once.
 */
final class SpringCloudBalancerFactory
		implements IpcBalancerFactory, ApplicationListener<HeartbeatEvent>, DisposableBean {

	/**
	 * A class of spring-web that Spring Cloud LoadBalancer's per-service context needs.
	 */
	static final String SPRING_WEB_CLASS = "org.springframework.web.accept.ApiVersionParser";

	private final LoadBalancerClientFactory clients;

	private final Duration refreshInterval;

	private final ClassLoader classLoader;

	private final Set<ServiceBalancer> balancers = ConcurrentHashMap.newKeySet();

	/**
	 * @param clients Spring Cloud's load balancers
	 * @param refreshInterval {@code ipc.client.discovery.refresh-interval}
	 * @param classLoader where spring-web is looked for
	 */
	SpringCloudBalancerFactory(LoadBalancerClientFactory clients, Duration refreshInterval, ClassLoader classLoader) {
		this.clients = clients;
		this.refreshInterval = refreshInterval;
		this.classLoader = classLoader;
	}

	@Override
	public IpcBalancer create(String property, String serviceId, Duration longestTimeout,
			InstanceConnections connections) {
		String address = "lb://" + serviceId;
		if (!ClassUtils.isPresent(SPRING_WEB_CLASS, this.classLoader)) {
			throw new InvalidConfigurationPropertyValueException(property, address,
					property + "=" + address
							+ " needs org.springframework:spring-web on the classpath: Spring Cloud LoadBalancer 5.0.x "
							+ "declares a bean of " + SPRING_WEB_CLASS + " in the context of every service, so without "
							+ "spring-web each choice of an instance fails with a NoClassDefFoundError; add "
							+ "org.springframework:spring-web (version from the Spring Boot BOM; it does not make the "
							+ "application a web application)");
		}
		ReactiveLoadBalancer<ServiceInstance> loadBalancer = this.clients.getInstance(serviceId);
		if (loadBalancer == null) {
			throw new InvalidConfigurationPropertyValueException(property, address,
					"Spring Cloud LoadBalancer has no load balancer for the service '" + serviceId
							+ "': is discovery disabled (spring.cloud.discovery.enabled=false)?");
		}
		ServiceSettings settings = ServiceSettings.of(serviceId, this.clients.getProperties(serviceId));
		ServiceBalancer[] created = new ServiceBalancer[1];
		created[0] = new ServiceBalancer(serviceId, this.clients, loadBalancer, connections, settings,
				this.refreshInterval, longestTimeout, () -> this.balancers.remove(created[0]));
		this.balancers.add(created[0]);
		return created[0];
	}

	/**
	 * Closes the balancers still open. Spring destroys this factory before the
	 * {@link LoadBalancerClientFactory} it depends on, so no refresh or choice reaches
	 * Spring Cloud's per-service contexts after they closed (it would create a new one,
	 * never closed).
	 */
	@Override
	public void destroy() {
		List.copyOf(this.balancers).forEach(ServiceBalancer::close);
	}

	/**
	 * Reads the instance lists again when the discovery system says they changed.
	 * @param event the discovery heartbeat
	 */
	@Override
	public void onApplicationEvent(HeartbeatEvent event) {
		this.balancers.forEach(ServiceBalancer::refresh);
	}

}
