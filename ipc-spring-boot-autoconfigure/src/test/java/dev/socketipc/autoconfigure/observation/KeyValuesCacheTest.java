package dev.socketipc.autoconfigure.observation;

import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.common.KeyValues;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server convention's key values are built once per method, status and transport, and
 * the cache never grows past its bound.
 */
class KeyValuesCacheTest {

	private final AtomicInteger built = new AtomicInteger();

	private final KeyValuesCache cache = new KeyValuesCache((method, status, transport) -> {
		this.built.incrementAndGet();
		return KeyValues.of("rpc.method", method, "rpc.status_code", String.valueOf(status), "network.transport",
				transport);
	});

	@Test
	void buildsEachCombinationOnceAndReturnsItsOwnValues() {
		KeyValues first = this.cache.get("add", "OK", "unix");
		assertThat(this.cache.get("add", "OK", "unix")).isSameAs(first);
		assertThat(this.cache.get("add", null, "unix")).isNotEqualTo(first);
		assertThat(this.cache.get("add", "OK", "tcp")).isNotEqualTo(first);
		assertThat(this.cache.get("_OTHER", "METHOD_NOT_FOUND", "unix").stream())
			.anySatisfy((kv) -> assertThat(kv.getValue()).isEqualTo("METHOD_NOT_FOUND"));
		assertThat(this.built).hasValue(4);
	}

	@Test
	void stopsGrowingAtItsBoundAndStillAnswersRightBeyondIt() {
		for (int i = 0; i < KeyValuesCache.MAX_ENTRIES + 500; i++) {
			String method = "m" + i;
			assertThat(this.cache.get(method, "OK", "unix").stream())
				.anySatisfy((kv) -> assertThat(kv.getValue()).isEqualTo(method));
		}
		assertThat(this.cache.size()).isEqualTo(KeyValuesCache.MAX_ENTRIES);
	}

	@Test
	void theServerConventionGivesTheSameKeysAsBeforeForEveryOutcome() {
		DefaultIpcServerObservationConvention convention = new DefaultIpcServerObservationConvention();
		assertThat(convention.getLowCardinalityKeyValues(TestRequest.context("add", "OK")).stream())
			.extracting((kv) -> kv.getKey() + "=" + kv.getValue())
			.containsExactlyInAnyOrder("rpc.system.name=socket-ipc", "rpc.method=add", "rpc.status_code=OK",
					"error.type=none", "network.transport=unix");
		assertThat(convention.getLowCardinalityKeyValues(TestRequest.context("add", "BAD_STATE")).stream())
			.extracting((kv) -> kv.getKey() + "=" + kv.getValue())
			.contains("rpc.status_code=BAD_STATE", "error.type=BAD_STATE");
	}

}
