package dev.socketipc.server;

/**
 * What a connection does with a new event when its event buffer is full (its client reads
 * more slowly than events are published). Every event dropped is counted in
 * {@link IpcServerStatistics#droppedEvents()}.
 */
public enum EventOverflow {

	/** Drop the oldest queued event to make room: the client sees the latest events. */
	DROP_OLDEST,

	/** Drop the new event: the client sees the events queued first. */
	DROP_NEWEST,

	/**
	 * Close the connection (logged): a client that cannot keep up reconnects and
	 * resubscribes rather than miss events silently.
	 */
	CLOSE

}
