package dev.socketipc.autoconfigure.observation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.common.KeyValues;

/**
 * The low-cardinality key values of a server call, by method, status code and transport,
 * each combination built once. The combinations are bounded by the server itself (its
 * method names plus {@code _OTHER}, the codes its services answer), and the cache stops
 * growing at {@value #MAX_ENTRIES} entries all the same, building the values per call
 * beyond that. Thread-safe.
 */
final class KeyValuesCache {

	/** Entries kept at most. */
	static final int MAX_ENTRIES = 4096;

	/** Builds the key values of one combination. */
	@FunctionalInterface
	interface Builder {

		KeyValues build(String method, String statusCode, String transport);

	}

	private final Builder builder;

	private final Map<Key, KeyValues> entries = new ConcurrentHashMap<>();

	KeyValuesCache(Builder builder) {
		this.builder = builder;
	}

	KeyValues get(String method, String statusCode, String transport) {
		Key key = new Key(method, statusCode, transport);
		KeyValues values = this.entries.get(key);
		if (values == null) {
			values = this.builder.build(method, statusCode, transport);
			if (this.entries.size() < MAX_ENTRIES) {
				this.entries.putIfAbsent(key, values);
			}
		}
		return values;
	}

	int size() {
		return this.entries.size();
	}

	private record Key(String method, String statusCode, String transport) {
	}

}
