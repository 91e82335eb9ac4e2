package dev.socketipc.autoconfigure.observation;

import io.micrometer.common.KeyValues;

/**
 * What {@link IpcMeterObservationHandler} needs to know about one IPC observation: when
 * it started, and whether the low-cardinality key values of its context are exactly one
 * set that an IPC convention returned, so the timer can be found by that set instead of
 * rebuilding and sorting the tags at every stop.
 *
 * <p>
 * The contexts report every change of their key values here. The set is exact only when
 * every change was the bulk add of a set their convention {@link #offer offered} (the IPC
 * conventions return the same key names at start and at stop, so the last such set is all
 * the context holds). Anything else, a filter's addition, a removal, a custom
 * convention's set, makes the observation fall back to reading the context, as
 * Micrometer's own handler does.
 *
 * <p>
 * Not thread-safe; one observation's start and stop are ordered by the call itself.
 */
final class MeterTrail {

	private long startNanos;

	private KeyValues offered;

	private KeyValues adding;

	private KeyValues exact;

	private boolean foreign;

	void started(long nanos) {
		this.startNanos = nanos;
	}

	long startNanos() {
		return this.startNanos;
	}

	/**
	 * Remembers the set an IPC convention is about to return for this context.
	 * @param values the set
	 * @return the same set
	 */
	KeyValues offer(KeyValues values) {
		this.offered = values;
		return values;
	}

	void bulkAdding(KeyValues values) {
		this.adding = values;
	}

	void bulkAdded() {
		if (this.adding != null && this.adding == this.offered) {
			this.exact = this.adding;
		}
		else {
			this.foreign = true;
		}
		this.adding = null;
	}

	void oneAdding() {
		if (this.adding == null) {
			this.foreign = true;
		}
	}

	void removing() {
		this.foreign = true;
	}

	/**
	 * The set the context holds when it is exactly an offered one.
	 * @return that set, or {@code null} when the context must be read
	 */
	KeyValues exactKeyValues() {
		return this.foreign ? null : this.exact;
	}

}
