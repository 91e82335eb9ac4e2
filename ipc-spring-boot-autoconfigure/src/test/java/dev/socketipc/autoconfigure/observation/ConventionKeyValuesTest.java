package dev.socketipc.autoconfigure.observation;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An IPC observation context reads like Micrometer's own while it holds its convention's
 * key-value set, and keeps every change once something else touches its key values.
 */
class ConventionKeyValuesTest {

	private final ObservationRegistry registry = ObservationRegistry.create();

	ConventionKeyValuesTest() {
		this.registry.observationConfig().observationHandler((context) -> true);
	}

	@Test
	void heldSetIsWhatTheContextReads() {
		IpcServerObservationContext context = stopped();
		KeyValues expected = DefaultIpcServerObservationConvention.INSTANCE.getLowCardinalityKeyValues(context);
		assertThat(context.getLowCardinalityKeyValues()).isSameAs(expected);
		assertThat(context.getLowCardinalityKeyValue("rpc.method").getValue()).isEqualTo("add");
		assertThat(context.getLowCardinalityKeyValue("rpc.status_code").getValue()).isEqualTo("OK");
		assertThat(context.getLowCardinalityKeyValue("tenant")).isNull();
		assertThat(context.getAllKeyValues()).containsAll(expected);
		assertThat(context.toString()).contains("rpc.method='add'");
	}

	@Test
	void anAddedKeyValueJoinsTheHeldSet() {
		IpcServerObservationContext context = stopped();
		context.addLowCardinalityKeyValue(KeyValue.of("tenant", "blue"));
		assertThat(context.getLowCardinalityKeyValues()).hasSize(6)
			.contains(KeyValue.of("tenant", "blue"), KeyValue.of("rpc.method", "add"),
					KeyValue.of("rpc.status_code", "OK"));
		assertThat(context.conventionKeyValues().held()).isNull();
	}

	@Test
	void aRemovedKeyValueLeavesTheRest() {
		IpcServerObservationContext context = stopped();
		context.removeLowCardinalityKeyValue("error.type");
		assertThat(context.getLowCardinalityKeyValues()).hasSize(4);
		assertThat(context.getLowCardinalityKeyValue("error.type")).isNull();
		assertThat(context.getLowCardinalityKeyValue("rpc.method").getValue()).isEqualTo("add");
	}

	@Test
	void aSetTheConventionDidNotOfferIsAddedEntryByEntry() {
		IpcServerObservationContext context = stopped();
		context.addLowCardinalityKeyValues(KeyValues.of("region", "eu", "rpc.method", "other"));
		assertThat(context.getLowCardinalityKeyValue("region").getValue()).isEqualTo("eu");
		assertThat(context.getLowCardinalityKeyValue("rpc.method").getValue()).isEqualTo("other");
		assertThat(context.getLowCardinalityKeyValues()).hasSize(6);
	}

	private IpcServerObservationContext stopped() {
		IpcServerObservationContext context = new IpcServerObservationContext(new TestRequest("add"));
		Observation observation = IpcObservationDocumentation.SERVER
			.observation(null, DefaultIpcServerObservationConvention.INSTANCE, () -> context, this.registry)
			.start();
		context.setResponse("OK");
		observation.stop();
		return context;
	}

}
