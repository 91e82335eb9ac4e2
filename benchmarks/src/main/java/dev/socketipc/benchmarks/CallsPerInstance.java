package dev.socketipc.benchmarks;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import dev.socketipc.transport.IpcAddress;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.CompletionContext;
import org.springframework.cloud.client.loadbalancer.LoadBalancerLifecycle;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.Response;

/**
 * Counts the calls each instance answered, by its host and port, through Spring Cloud's
 * {@link LoadBalancerLifecycle} (as its own load-balancer metrics are fed): the lb cell's
 * check that the calls were spread. Thread-safe.
 */
final class CallsPerInstance implements LoadBalancerLifecycle<Object, Object, ServiceInstance> {

	private final Map<String, LongAdder> answered = new ConcurrentHashMap<>();

	@Override
	public boolean supports(Class requestContextClass, Class responseClass, Class serverTypeClass) {
		return ServiceInstance.class.isAssignableFrom(serverTypeClass);
	}

	@Override
	public void onStart(Request<Object> request) {
	}

	@Override
	public void onStartRequest(Request<Object> request, Response<ServiceInstance> lbResponse) {
	}

	@Override
	public void onComplete(CompletionContext<Object, ServiceInstance, Object> completionContext) {
		Response<ServiceInstance> response = completionContext.getLoadBalancerResponse();
		if (completionContext.status() == CompletionContext.Status.SUCCESS && response != null
				&& response.hasServer()) {
			ServiceInstance instance = response.getServer();
			this.answered.computeIfAbsent(key(instance.getHost(), instance.getPort()), (k) -> new LongAdder())
				.increment();
		}
	}

	/** The calls {@code address} answered since the last {@link #reset()}. */
	long answered(IpcAddress address) {
		if (!(address instanceof IpcAddress.Tcp tcp)) {
			return 0;
		}
		LongAdder count = this.answered.get(key(tcp.host(), tcp.port()));
		return (count != null) ? count.sum() : 0;
	}

	void reset() {
		this.answered.clear();
	}

	private static String key(String host, int port) {
		return host + ":" + port;
	}

}
