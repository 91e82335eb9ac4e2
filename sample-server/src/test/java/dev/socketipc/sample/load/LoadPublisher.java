package dev.socketipc.sample.load;

import dev.socketipc.server.IpcEventPublisher;

import org.springframework.stereotype.Component;

/**
 * Publishes to the topic {@code load} (declared with {@code ipc.server.topics=load}) with
 * the server's {@link IpcEventPublisher}, as the README shows. Outside the sample
 * server's package, so only the tests that name it register it.
 */
@Component
public class LoadPublisher {

	private final IpcEventPublisher events;

	LoadPublisher(IpcEventPublisher events) {
		this.events = events;
	}

	/**
	 * Publishes one event to every connection subscribed to {@code load}.
	 * @param seq the event's number
	 * @return how many connections it was queued for
	 */
	public int publish(long seq) {
		return this.events.publish("load", new Load(seq)); // never blocks
	}

	/**
	 * One event of {@code load}.
	 *
	 * @param seq its number, from 1
	 */
	public record Load(long seq) {
	}

}
