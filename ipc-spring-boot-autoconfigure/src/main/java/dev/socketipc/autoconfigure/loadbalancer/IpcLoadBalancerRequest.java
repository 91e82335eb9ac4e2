package dev.socketipc.autoconfigure.loadbalancer;

/**
 * The client request of the load-balancer requests an {@code lb://} client makes: what a
 * {@link org.springframework.cloud.client.loadbalancer.LoadBalancerLifecycle} bean finds
 * in {@code DefaultRequestContext.getClientRequest()}. One per call; each attempt of the
 * call is one {@code onStartRequest}/{@code onComplete} pair under the same request.
 *
 * @param serviceId the service id after {@code lb://}
 * @param method the wire name of the method called
 */
public record IpcLoadBalancerRequest(String serviceId, String method) {

}
