package dev.socketipc.server;

import java.util.concurrent.Flow;

/**
 * A streaming method's items on their way to one call's answer: as {@code next} lines
 * ({@link StreamingCall}) or collected into one array ({@link ItemCollector}).
 */
interface CallStream extends Flow.Subscriber<Object> {

	/** The channel is writable again. Event loop. */
	void writable();

	/**
	 * Stops the producer and answers {@code CANCELLED}, unless the call ended. Event
	 * loop.
	 */
	void cancel();

	/** Stops the producer without answering: the connection closed. Event loop. */
	void abandon();

}
