package dev.socketipc.sample.client;

import java.util.concurrent.Flow;

import dev.socketipc.annotation.IpcClient;
import dev.socketipc.annotation.IpcTopic;

/**
 * What the sample server pushes: its {@code clock} topic and its streaming {@code count}
 * method. Nothing is sent until something subscribes to a publisher these return.
 */
@IpcClient("sample-server")
public interface ClockClient {

	/**
	 * The server's ticks: subscribing sends {@code $subscribe} (again after each
	 * reconnection), cancelling the subscription sends {@code $unsubscribe}.
	 * @return the ticks, one a second
	 */
	@IpcTopic("clock")
	Flow.Publisher<Tick> ticks();

	/**
	 * Streams 1..n: each subscriber makes one call with {@code "stream":true} and gets
	 * each number as the server produces it, then completes.
	 * @param n the last number
	 * @return the numbers
	 */
	Flow.Publisher<Integer> count(int n);

}
