package dev.socketipc.server;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * Live figures of one {@link IpcServer}, for gauges and health: what is open and running
 * now, and counts since the server was built (they survive a restart). This class is
 * thread-safe; each figure is read on its own, so two figures may be a moment apart.
 */
public final class IpcServerStatistics {

	/** Open connections, refused ones included until they close. */
	final AtomicInteger openConnections = new AtomicInteger();

	private final LongAdder refusedConnections = new LongAdder();

	private final LongAdder parseErrors = new LongAdder();

	private final LongAdder tooLargeLines = new LongAdder();

	private final LongAdder droppedEvents = new LongAdder();

	/** The calls running in the current run, {@code 0} when stopped. */
	private volatile IntSupplier callsInFlight = () -> 0;

	IpcServerStatistics() {
	}

	/**
	 * Returns the connections open now, those being refused included until they close.
	 * @return the open connections
	 */
	public int openConnections() {
		return this.openConnections.get();
	}

	/**
	 * Returns the calls running now on every connection: started and not yet answered.
	 * @return the calls in flight
	 */
	public int callsInFlight() {
		return this.callsInFlight.getAsInt();
	}

	/**
	 * Returns how many connections were refused: past {@code max-connections}, or a Unix
	 * peer not in {@code allowed-uids}/{@code allowed-gids}.
	 * @return the refused connections so far
	 */
	public long refusedConnections() {
		return this.refusedConnections.sum();
	}

	/**
	 * Returns how many lines were answered {@code PARSE_ERROR}.
	 * @return the lines that were not valid JSON so far
	 */
	public long parseErrors() {
		return this.parseErrors.sum();
	}

	/**
	 * Returns how many lines were answered {@code TOO_LARGE} (each closing its
	 * connection).
	 * @return the lines longer than {@code max-line-length} so far
	 */
	public long tooLargeLines() {
		return this.tooLargeLines.sum();
	}

	/**
	 * Returns how many events were dropped, or closed their connection, because a
	 * subscriber's event buffer was full.
	 * @return the events dropped so far
	 */
	public long droppedEvents() {
		return this.droppedEvents.sum();
	}

	void connectionRefused() {
		this.refusedConnections.increment();
	}

	void parseError() {
		this.parseErrors.increment();
	}

	void eventDropped() {
		this.droppedEvents.increment();
	}

	void tooLargeLine() {
		this.tooLargeLines.increment();
	}

	void callsInFlight(IntSupplier calls) {
		this.callsInFlight = calls;
	}

	@Override
	public String toString() {
		return "IpcServerStatistics[openConnections=" + openConnections() + ", callsInFlight=" + callsInFlight()
				+ ", refusedConnections=" + refusedConnections() + ", parseErrors=" + parseErrors() + ", tooLargeLines="
				+ tooLargeLines() + ", droppedEvents=" + droppedEvents() + "]";
	}

}
