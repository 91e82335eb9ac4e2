/**
 * {@code lb://<serviceId>} client addresses through Spring Cloud LoadBalancer: per-call
 * balancing over one pooled connection per instance, failover, the load balancer's
 * lifecycle callbacks, and the server's {@code ipc.port} metadata in a Spring Cloud
 * registration. Loaded only when Spring Cloud Commons and LoadBalancer are on the
 * classpath.
 */
package dev.socketipc.autoconfigure.loadbalancer;
