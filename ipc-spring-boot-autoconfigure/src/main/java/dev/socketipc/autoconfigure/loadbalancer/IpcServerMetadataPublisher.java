package dev.socketipc.autoconfigure.loadbalancer;

import dev.socketipc.autoconfigure.IpcServerLifecycle;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.client.discovery.event.InstancePreRegisteredEvent;
import org.springframework.cloud.client.serviceregistry.Registration;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;

/**
 * Publishes the IPC server's {@code ipc.port} and {@code ipc.protocol} at the two moments
 * they may change what a registry says: when Spring Cloud is about to register an
 * instance ({@link InstancePreRegisteredEvent}, sent by the auto-registrations of Consul
 * and others; the port then is the bound one if the server has started, else the
 * configured one), and once the IPC server has started (a phase after
 * {@link IpcServerLifecycle}'s, when a port chosen with port 0 is known), into every
 * {@link Registration} bean.
 */
final class IpcServerMetadataPublisher implements ApplicationListener<InstancePreRegisteredEvent>, SmartLifecycle {

	private final IpcRegistrationMetadata metadata;

	private final ObjectProvider<Registration> registrations;

	private volatile boolean running;

	IpcServerMetadataPublisher(IpcRegistrationMetadata metadata, ObjectProvider<Registration> registrations) {
		this.metadata = metadata;
		this.registrations = registrations;
	}

	@Override
	public void onApplicationEvent(InstancePreRegisteredEvent event) {
		this.metadata.writeTo(event.getRegistration());
	}

	@Override
	public void start() {
		this.registrations.orderedStream().forEach(this.metadata::writeTo);
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Returns the phase after the IPC server's: started once it is bound.
	 * @return {@link IpcServerLifecycle#PHASE} + 1
	 */
	@Override
	public int getPhase() {
		return IpcServerLifecycle.PHASE + 1;
	}

}
