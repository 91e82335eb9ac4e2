package dev.socketipc.autoconfigure.loadbalancer;

import org.springframework.cloud.client.loadbalancer.LoadBalancerProperties;

/**
 * What Spring Cloud LoadBalancer's properties say for one service
 * ({@code spring.cloud.loadbalancer.clients.<serviceId>.*} over
 * {@code spring.cloud.loadbalancer.*}): the hint of its requests and how many other
 * instances a call may try.
 *
 * @param hint the request hint, {@code default} when none is set
 * @param retries {@code retry.max-retries-on-next-service-instance} (1 by default), 0
 * when {@code retry.enabled=false}
 */
record ServiceSettings(String hint, int retries) {

	static ServiceSettings of(String serviceId, LoadBalancerProperties properties) {
		String hint = properties.getHint()
			.getOrDefault(serviceId, properties.getHint().getOrDefault("default", "default"));
		LoadBalancerProperties.Retry retry = properties.getRetry();
		return new ServiceSettings(hint, retry.isEnabled() ? retry.getMaxRetriesOnNextServiceInstance() : 0);
	}

}
