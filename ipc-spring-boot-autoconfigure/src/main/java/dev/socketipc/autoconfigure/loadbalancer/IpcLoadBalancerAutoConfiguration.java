package dev.socketipc.autoconfigure.loadbalancer;

import dev.socketipc.autoconfigure.IpcBalancerFactory;
import dev.socketipc.autoconfigure.IpcClientProperties;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of {@code ipc.client.servers.<name>.address=lb://<serviceId>}
 * through Spring Cloud LoadBalancer, when Spring Cloud Commons and LoadBalancer are on
 * the classpath and its {@link LoadBalancerClientFactory} exists: the
 * {@link IpcBalancerFactory} the client registry makes each {@code lb://} server's
 * balancer with. Every call asks the service's load balancer (round robin unless
 * configured otherwise) for an instance and goes through one pooled connection per
 * instance; {@code spring.cloud.loadbalancer.retry.*} says how many other instances a
 * failed call may try, the {@code LoadBalancerLifecycle} beans are told of every attempt,
 * and {@code ipc.client.discovery.refresh-interval} how often connections to instances
 * that left are retired.
 */
@AutoConfiguration(afterName = "org.springframework.cloud.loadbalancer.config.LoadBalancerAutoConfiguration")
@ConditionalOnClass(name = { "org.springframework.cloud.client.loadbalancer.reactive.ReactiveLoadBalancer",
		"org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory" })
@ConditionalOnBean(LoadBalancerClientFactory.class)
@EnableConfigurationProperties(IpcClientProperties.class)
public final class IpcLoadBalancerAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	IpcBalancerFactory ipcBalancerFactory(LoadBalancerClientFactory loadBalancerClientFactory,
			IpcClientProperties properties, ApplicationContext context) {
		return new SpringCloudBalancerFactory(loadBalancerClientFactory, properties.getDiscovery().getRefreshInterval(),
				context.getClassLoader());
	}

}
