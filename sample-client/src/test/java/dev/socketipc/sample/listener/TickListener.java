package dev.socketipc.sample.listener;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import dev.socketipc.autoconfigure.IpcListener;
import dev.socketipc.sample.client.Tick;

import org.springframework.stereotype.Component;

/**
 * Listens to the sample server's {@code clock} with {@link IpcListener}, as the README
 * shows. Outside the sample client's package, so only the tests that name it register it.
 */
@Component
public class TickListener {

	private final BlockingQueue<Tick> ticks = new LinkedBlockingQueue<>();

	@IpcListener(client = "sample-server", topic = "clock")
	void on(Tick tick) {
		this.ticks.add(tick);
	}

	/**
	 * Returns the ticks received so far, oldest first.
	 * @return the ticks, taken by the caller
	 */
	public BlockingQueue<Tick> ticks() {
		return this.ticks;
	}

}
