package dev.socketipc.autoconfigure.loadbalancer;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

import dev.socketipc.client.IpcBalancer;
import dev.socketipc.client.IpcConnection;
import dev.socketipc.client.IpcConnectionException;
import dev.socketipc.transport.IpcAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.CompletionContext;
import org.springframework.cloud.client.loadbalancer.DefaultRequest;
import org.springframework.cloud.client.loadbalancer.DefaultRequestContext;
import org.springframework.cloud.client.loadbalancer.DefaultResponse;
import org.springframework.cloud.client.loadbalancer.EmptyResponse;
import org.springframework.cloud.client.loadbalancer.LoadBalancerLifecycle;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.client.loadbalancer.reactive.ReactiveLoadBalancer;

/**
 * The choices of one call of an {@code lb://} client, told to the
 * {@link LoadBalancerLifecycle} beans as Spring Cloud's own clients tell them:
 * {@code onStart} once per call, then per attempt {@code onStartRequest} and
 * {@code onComplete} ({@code SUCCESS} or {@code FAILED}), or {@code onComplete}
 * ({@code DISCARD}) when no instance is available. An instance whose address the call
 * tried already, or that has no valid port, is chosen again only when re-choosing a few
 * times gave no other.
 */
@SuppressWarnings({ "rawtypes", "unchecked" })
final class ServiceCall implements IpcBalancer.Call {

	private static final Logger logger = LoggerFactory.getLogger(ServiceCall.class);

	private final ServiceBalancer balancer;

	private final DefaultRequest<DefaultRequestContext> request;

	private final Set<LoadBalancerLifecycle> lifecycles;

	ServiceCall(ServiceBalancer balancer, DefaultRequest<DefaultRequestContext> request,
			Set<LoadBalancerLifecycle> lifecycles) {
		this.balancer = balancer;
		this.request = request;
		this.lifecycles = lifecycles;
		tell((lifecycle) -> lifecycle.onStart(request));
	}

	@Override
	public CompletionStage<IpcBalancer.Attempt> choose(Set<IpcAddress> avoid) {
		if (this.balancer.isClosed()) {
			return discard(new IpcConnectionException(
					"IPC call '" + method() + "' not sent: the client of " + this.balancer.describe() + " is closed",
					null, false));
		}
		CompletableFuture<Response<ServiceInstance>> chosen;
		try {
			chosen = choose(avoid, this.balancer.rechoices());
		}
		catch (RuntimeException | LinkageError ex) {
			chosen = CompletableFuture.failedFuture(ex);
		}
		return chosen.handle((response, failure) -> (failure != null) ? discard(failed(failure)) : attempt(response))
			.thenCompose((attempt) -> attempt);
	}

	private CompletableFuture<Response<ServiceInstance>> choose(Set<IpcAddress> avoid, int rechoices) {
		ReactiveLoadBalancer<ServiceInstance> loadBalancer = this.balancer.loadBalancer();
		if (loadBalancer == null) {
			return CompletableFuture.completedFuture(null);
		}
		return Mono.from(loadBalancer.choose(this.request)).toFuture().thenCompose((response) -> {
			if (response == null || !response.hasServer() || rechoices <= 0) {
				return CompletableFuture.completedFuture(response);
			}
			InstanceAddress address = InstanceAddress.of(response.getServer());
			if (address != null && !avoid.contains(address.address())) {
				return CompletableFuture.completedFuture(response);
			}
			return choose(avoid, rechoices - 1)
				.thenApply((other) -> (other != null && other.hasServer()) ? other : response);
		});
	}

	private CompletableFuture<IpcBalancer.Attempt> attempt(Response<ServiceInstance> response) {
		if (response == null || !response.hasServer()) {
			tell((lifecycle) -> lifecycle.onComplete(
					new CompletionContext<>(CompletionContext.Status.DISCARD, this.request, new EmptyResponse())));
			return CompletableFuture.completedFuture(null);
		}
		ServiceInstance instance = response.getServer();
		Response<ServiceInstance> chosen = new DefaultResponse(instance);
		tell((lifecycle) -> lifecycle.onStartRequest(this.request, chosen));
		InstanceAddress address = InstanceAddress.of(instance);
		IpcConnectionException refused = null;
		IpcConnection connection = null;
		if (address == null) {
			refused = new IpcConnectionException(
					"IPC call '" + method() + "' not sent: instance " + instance.getInstanceId() + " of "
							+ this.balancer.describe() + " at " + instance.getHost() + " has no valid port (metadata "
							+ InstanceAddress.PORT_METADATA + ", else its port: " + instance.getPort() + ")",
					null, false);
		}
		else {
			try {
				connection = this.balancer.connection(address);
			}
			catch (IllegalStateException ex) {
				refused = new IpcConnectionException("IPC call '" + method() + "' not sent: the client of "
						+ this.balancer.describe() + " is closed", ex, false);
			}
		}
		InstanceAttempt attempt = new InstanceAttempt(connection, chosen);
		if (refused != null) {
			attempt.ended(null, refused);
			return CompletableFuture.failedFuture(refused);
		}
		return CompletableFuture.completedFuture(attempt);
	}

	private IpcConnectionException failed(Throwable failure) {
		Throwable cause = (failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null)
				? failure.getCause() : failure;
		return new IpcConnectionException("IPC call '" + method() + "' not sent: choosing an instance of "
				+ this.balancer.describe() + " failed: " + cause, cause, false);
	}

	private CompletableFuture<IpcBalancer.Attempt> discard(IpcConnectionException failure) {
		tell((lifecycle) -> lifecycle.onComplete(
				new CompletionContext<>(CompletionContext.Status.DISCARD, failure, this.request, new EmptyResponse())));
		return CompletableFuture.failedFuture(failure);
	}

	private String method() {
		return ((IpcLoadBalancerRequest) this.request.getContext().getClientRequest()).method();
	}

	private void tell(Consumer<LoadBalancerLifecycle> callback) {
		for (LoadBalancerLifecycle lifecycle : this.lifecycles) {
			try {
				callback.accept(lifecycle);
			}
			catch (RuntimeException ex) {
				logger.warn("LoadBalancerLifecycle {} failed on a call of {}", lifecycle, this.balancer.describe(), ex);
			}
		}
	}

	/**
	 * One attempt on one instance; tells the lifecycle beans how it ended.
	 */
	private final class InstanceAttempt implements IpcBalancer.Attempt {

		private final IpcConnection connection;

		private final Response<ServiceInstance> response;

		InstanceAttempt(IpcConnection connection, Response<ServiceInstance> response) {
			this.connection = connection;
			this.response = response;
		}

		@Override
		public IpcConnection connection() {
			return this.connection;
		}

		@Override
		public void ended(Object result, Throwable failure) {
			CompletionContext.Status status = (failure != null) ? CompletionContext.Status.FAILED
					: CompletionContext.Status.SUCCESS;
			tell((lifecycle) -> lifecycle
				.onComplete(new CompletionContext<>(status, failure, ServiceCall.this.request, this.response, result)));
		}

	}

}
