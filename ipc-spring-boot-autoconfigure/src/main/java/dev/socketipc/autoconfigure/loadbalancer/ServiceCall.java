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

	private final LoadBalancerLifecycle[] lifecycles;

	ServiceCall(ServiceBalancer balancer, DefaultRequest<DefaultRequestContext> request,
			LoadBalancerLifecycle[] lifecycles) {
		this.balancer = balancer;
		this.request = request;
		this.lifecycles = lifecycles;
		if (lifecycles.length > 0) {
			tell((lifecycle) -> lifecycle.onStart(request));
		}
	}

	@Override
	public CompletionStage<IpcBalancer.Attempt> choose(Set<IpcAddress> avoid) {
		if (this.balancer.isClosed()) {
			return discard(new IpcConnectionException(
					"IPC call '" + method() + "' not sent: the client of " + this.balancer.describe() + " is closed",
					null, false));
		}
		CompletableFuture<IpcBalancer.Attempt> attempt = new CompletableFuture<>();
		choose(avoid, this.balancer.rechoices(), null, attempt);
		return attempt;
	}

	/**
	 * Asks the load balancer for an instance, again while it gives one to avoid (at most
	 * {@code rechoices} more times), and completes {@code attempt} with the attempt on
	 * the last instance it gave.
	 * @param avoid the addresses the call tried already
	 * @param rechoices how many more times an instance to avoid is chosen again
	 * @param avoided the last instance given that was to be avoided, {@code null} for
	 * none
	 * @param attempt completed with the attempt, or failed with the failure to choose
	 */
	private void choose(Set<IpcAddress> avoid, int rechoices, Choice avoided,
			CompletableFuture<IpcBalancer.Attempt> attempt) {
		CompletableFuture<Response<ServiceInstance>> chosen;
		try {
			chosen = Mono.from(this.balancer.loadBalancer().choose(this.request)).toFuture();
		}
		catch (RuntimeException | LinkageError ex) {
			chosen = CompletableFuture.failedFuture(ex);
		}
		chosen.whenComplete((response, failure) -> {
			try {
				chosen(avoid, rechoices, avoided, attempt, response, failure);
			}
			catch (RuntimeException | LinkageError ex) {
				if (!attempt.isDone()) {
					attempt.completeExceptionally(discardFailure(failed(ex)));
				}
			}
		});
	}

	private void chosen(Set<IpcAddress> avoid, int rechoices, Choice avoided,
			CompletableFuture<IpcBalancer.Attempt> attempt, Response<ServiceInstance> response, Throwable failure) {
		if (failure != null) {
			attempt.completeExceptionally(discardFailure(failed(failure)));
			return;
		}
		if (response == null || !response.hasServer()) {
			end(avoided, attempt);
			return;
		}
		Choice choice = new Choice(response.getServer(), InstanceAddress.of(response.getServer()));
		if (rechoices <= 0 || (choice.address() != null && !avoid.contains(choice.address().address()))) {
			end(choice, attempt);
			return;
		}
		choose(avoid, rechoices - 1, choice, attempt);
	}

	private void end(Choice choice, CompletableFuture<IpcBalancer.Attempt> attempt) {
		attempt.complete(attempt(choice));
	}

	/**
	 * Makes the attempt on a chosen instance; one that cannot be called (no valid port,
	 * the client is closed) is an attempt whose connection fails as not sent, so that the
	 * call fails over as from any instance it could not reach.
	 * @param choice the instance, {@code null} when none is available
	 * @return the attempt, {@code null} when no instance is available
	 */
	private IpcBalancer.Attempt attempt(Choice choice) {
		if (choice == null) {
			if (this.lifecycles.length > 0) {
				tell((lifecycle) -> lifecycle.onComplete(
						new CompletionContext<>(CompletionContext.Status.DISCARD, this.request, new EmptyResponse())));
			}
			return null;
		}
		ServiceInstance instance = choice.instance();
		Response<ServiceInstance> chosen = null;
		if (this.lifecycles.length > 0) {
			Response<ServiceInstance> response = new DefaultResponse(instance);
			tell((lifecycle) -> lifecycle.onStartRequest(this.request, response));
			chosen = response;
		}
		InstanceAddress address = choice.address();
		IpcConnectionException refused = null;
		IpcBalancer.Attempt lease = null;
		if (address == null) {
			refused = new IpcConnectionException("IPC call '" + method() + "' not sent: instance "
					+ instance.getInstanceId() + " of " + this.balancer.describe() + " at " + instance.getHost()
					+ " has no valid port (metadata " + InstanceAddress.PORT_METADATA + ", else "
					+ InstanceAddress.NAMED_PORT_METADATA + ", else its port: " + instance.getPort() + ")", null,
					false);
		}
		else {
			try {
				lease = this.balancer.lease(address);
			}
			catch (IllegalStateException ex) {
				refused = new IpcConnectionException("IPC call '" + method() + "' not sent: the client of "
						+ this.balancer.describe() + " is closed", ex, false);
			}
		}
		return new InstanceAttempt(lease, refused, chosen);
	}

	private IpcConnectionException failed(Throwable failure) {
		Throwable cause = (failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null)
				? failure.getCause() : failure;
		return new IpcConnectionException("IPC call '" + method() + "' not sent: choosing an instance of "
				+ this.balancer.describe() + " failed: " + cause, cause, false);
	}

	private CompletableFuture<IpcBalancer.Attempt> discard(IpcConnectionException failure) {
		return CompletableFuture.failedFuture(discardFailure(failure));
	}

	private IpcConnectionException discardFailure(IpcConnectionException failure) {
		if (this.lifecycles.length > 0) {
			tell((lifecycle) -> lifecycle.onComplete(new CompletionContext<>(CompletionContext.Status.DISCARD, failure,
					this.request, new EmptyResponse())));
		}
		return failure;
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
	 * An instance the load balancer gave and its IPC address.
	 *
	 * @param instance the instance
	 * @param address its address, {@code null} when it has no valid port
	 */
	private record Choice(ServiceInstance instance, InstanceAddress address) {

	}

	/**
	 * One attempt on one instance; tells the lifecycle beans how it ended.
	 */
	private final class InstanceAttempt implements IpcBalancer.Attempt {

		private final IpcBalancer.Attempt lease;

		private final IpcConnectionException refused;

		private final Response<ServiceInstance> response;

		/**
		 * @param lease the lease on the instance's pooled connection, {@code null} when
		 * refused
		 * @param refused why the instance cannot be called, {@code null} when it can
		 * @param response the choice told the lifecycle beans, {@code null} when there
		 * are none
		 */
		InstanceAttempt(IpcBalancer.Attempt lease, IpcConnectionException refused, Response<ServiceInstance> response) {
			this.lease = lease;
			this.refused = refused;
			this.response = response;
		}

		/**
		 * Returns the instance's connection.
		 * @throws IpcConnectionException (not sent) when the instance cannot be called
		 */
		@Override
		public IpcConnection connection() {
			if (this.refused != null) {
				throw this.refused;
			}
			return this.lease.connection();
		}

		@Override
		public void ended(Object result, Throwable failure) {
			if (this.lease != null) {
				this.lease.ended(result, failure);
			}
			if (ServiceCall.this.lifecycles.length == 0) {
				return;
			}
			CompletionContext.Status status = (failure != null) ? CompletionContext.Status.FAILED
					: CompletionContext.Status.SUCCESS;
			tell((lifecycle) -> lifecycle
				.onComplete(new CompletionContext<>(status, failure, ServiceCall.this.request, this.response, result)));
		}

	}

}
