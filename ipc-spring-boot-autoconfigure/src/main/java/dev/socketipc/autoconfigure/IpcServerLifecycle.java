package dev.socketipc.autoconfigure;

import dev.socketipc.server.IpcServer;

import org.springframework.context.SmartLifecycle;

/**
 * Starts the {@link IpcServer} with the application context and stops it gracefully on
 * shutdown.
 */
public class IpcServerLifecycle implements SmartLifecycle {

	/**
	 * The phase, the same as Spring Boot's embedded web servers: started late, stopped
	 * early.
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 2048;

	private final IpcServer server;

	/**
	 * Creates a lifecycle for the given server.
	 * @param server the server to start and stop
	 */
	public IpcServerLifecycle(IpcServer server) {
		this.server = server;
	}

	@Override
	public void start() {
		this.server.start();
	}

	@Override
	public void stop() {
		this.server.stop();
	}

	@Override
	public boolean isRunning() {
		return this.server.isRunning();
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
