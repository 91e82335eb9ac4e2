package dev.socketipc.sample.listener;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import dev.socketipc.autoconfigure.IpcTopicEvent;
import dev.socketipc.sample.client.Tick;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Receives the sample server's ticks as Spring application events
 * ({@code ipc.client.servers.sample-server.application-events=true}), as the README
 * shows. Outside the sample client's package, so only the tests that name it register it.
 */
@Component
public class TickEvents {

	private final BlockingQueue<Tick> ticks = new LinkedBlockingQueue<>();

	@EventListener
	void on(IpcTopicEvent event) {
		if (event.getTopic().equals("clock")) {
			this.ticks.add(event.getData(Tick.class));
		}
	}

	/**
	 * Returns the ticks received so far, oldest first.
	 * @return the ticks, taken by the caller
	 */
	public BlockingQueue<Tick> ticks() {
		return this.ticks;
	}

}
