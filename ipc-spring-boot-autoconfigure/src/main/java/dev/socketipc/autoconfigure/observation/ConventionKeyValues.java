package dev.socketipc.autoconfigure.observation;

import java.util.function.Consumer;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

/**
 * The low-cardinality key values of an IPC observation context while only its convention
 * sets them: the one set the convention returned, held as it is instead of copied entry
 * by entry into the context's map at start and again at stop, and handed as it is to
 * whoever reads them ({@link IpcMeterObservationHandler} finds its timer by it).
 *
 * <p>
 * The IPC conventions {@link #offer offer} each set they return; a context {@link #take
 * takes} an added set only when it is the one just offered. Anything else (a filter's
 * addition, a removal, a custom convention's set) {@link #release releases} the held set
 * into the context's map, which serves from then on, exactly as Micrometer's own context
 * does. The IPC conventions return the same key names at start and at stop, so replacing
 * the held set is what putting its entries into the map would do.
 */
final class ConventionKeyValues {

	private volatile KeyValues offered;

	private volatile KeyValues held;

	private volatile boolean released;

	/**
	 * Remembers the set an IPC convention is about to return for this context.
	 * @param values the set
	 * @return the same set
	 */
	KeyValues offer(KeyValues values) {
		this.offered = values;
		return values;
	}

	/**
	 * Holds a set added to the context when it is the one just offered.
	 * @param values the set added
	 * @return whether it is held (else the context adds it to its map)
	 */
	boolean take(KeyValues values) {
		if (this.released || values != this.offered) {
			return false;
		}
		this.held = values;
		return true;
	}

	/**
	 * Returns the set held.
	 * @return the set, or {@code null} once released or before any was taken
	 */
	KeyValues held() {
		return this.released ? null : this.held;
	}

	/**
	 * Stops holding, once: from now on the context's map holds the key values.
	 * @param map adds one key value to the context's map; given the held set, if any
	 */
	void release(Consumer<KeyValue> map) {
		if (this.released) {
			return;
		}
		this.released = true;
		KeyValues values = this.held;
		this.held = null;
		if (values != null) {
			values.forEach(map);
		}
	}

	static KeyValue find(KeyValues values, String key) {
		for (KeyValue value : values) {
			if (value.getKey().equals(key)) {
				return value;
			}
		}
		return null;
	}

}
