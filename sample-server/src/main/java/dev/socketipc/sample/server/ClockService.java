package dev.socketipc.sample.server;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Flow;

import dev.socketipc.annotation.IpcTopic;
import dev.socketipc.autoconfigure.IpcService;

/**
 * The topic {@code clock}: a {@link Tick} once a second to each connection that
 * subscribes, for as long as it stays subscribed. Nothing ticks while nobody subscribes.
 */
@IpcService
public class ClockService {

	private final Clock clock = Clock.systemUTC();

	/**
	 * Returns a new clock for the connection that subscribes: the server calls this on
	 * each {@code $subscribe} of {@code clock}, and cancels its subscription on
	 * {@code $unsubscribe} or when the connection closes.
	 * @return a publisher of one tick a second, numbered from 1
	 */
	@IpcTopic("clock")
	public Flow.Publisher<Tick> clock() {
		return new TickPublisher(this.clock, Duration.ofSeconds(1));
	}

}
