package dev.socketipc.autoconfigure.observation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.observation.Observation;

/**
 * Records the {@code ipc.server} and {@code ipc.client} observations as timers, the same
 * meters with the same tags as Micrometer's {@link DefaultMeterObservationHandler} (the
 * low-cardinality key values plus {@code error}), at a fifth of its cost per call: it
 * keeps the timer of each set of key values its conventions produce instead of
 * rebuilding, sorting and looking up the tags at every stop, and it does not keep a
 * {@code <name>.active} long-task timer per call ({@code ipc.server.calls.active} and
 * {@code ipc.client.calls.active} count the calls in flight). An observation whose key
 * values a filter or a custom convention changed is recorded from the context, as
 * Micrometer's handler does.
 *
 * <p>
 * Spring Boot puts it before its own meter handler, which records every other
 * observation, and wraps it for exemplars when tracing is on. A plain Java program
 * registers it before a {@link DefaultMeterObservationHandler}, in a
 * {@link io.micrometer.observation.ObservationHandler.FirstMatchingCompositeObservationHandler}.
 * This class is thread-safe.
 */
public final class IpcMeterObservationHandler implements MeterObservationHandler<Observation.Context> {

	static final int MAX_TIMERS = KeyValuesCache.MAX_ENTRIES;

	private final MeterRegistry registry;

	private final Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();

	/**
	 * Creates a handler.
	 * @param registry where the timers go
	 */
	public IpcMeterObservationHandler(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof IpcServerObservationContext || context instanceof IpcClientObservationContext;
	}

	@Override
	public void onStart(Observation.Context context) {
		long now = this.registry.config().clock().monotonicTime();
		if (context instanceof IpcServerObservationContext server) {
			server.meterStarted(now);
		}
		else {
			((IpcClientObservationContext) context).meterStarted(now);
		}
	}

	@Override
	public void onStop(Observation.Context context) {
		long now = this.registry.config().clock().monotonicTime();
		if (context instanceof IpcServerObservationContext server) {
			record(server, now - server.meterStartNanos(), server.conventionKeyValues().held());
		}
		else {
			IpcClientObservationContext client = (IpcClientObservationContext) context;
			record(client, now - client.meterStartNanos(), client.conventionKeyValues().held());
		}
	}

	@Override
	public void onEvent(Observation.Event event, Observation.Context context) {
		Counter.builder(context.getName() + "." + event.getName())
			.tags(tags(context.getLowCardinalityKeyValues()))
			.register(this.registry)
			.increment();
	}

	int cachedTimers() {
		return this.timers.size();
	}

	private void record(Observation.Context context, long nanos, KeyValues held) {
		timer(context, held).record(nanos, TimeUnit.NANOSECONDS);
	}

	private Timer timer(Observation.Context context, KeyValues exact) {
		String error = errorValue(context);
		if (exact == null) {
			return lookUp(context.getName(), context.getLowCardinalityKeyValues(), error);
		}
		TimerKey key = new TimerKey(context.getName(), exact, error);
		Timer timer = this.timers.get(key);
		if (timer == null) {
			timer = lookUp(key.name(), exact, error);
			if (this.timers.size() < MAX_TIMERS) {
				this.timers.putIfAbsent(key, timer);
			}
		}
		return timer;
	}

	private Timer lookUp(String name, KeyValues keyValues, String error) {
		List<Tag> tags = tags(keyValues);
		tags.add(Tag.of("error", error));
		return this.registry.timer(name, tags);
	}

	private static List<Tag> tags(KeyValues keyValues) {
		List<Tag> tags = new ArrayList<>();
		for (KeyValue keyValue : keyValues) {
			tags.add(Tag.of(keyValue.getKey(), keyValue.getValue()));
		}
		return tags;
	}

	private static String errorValue(Observation.Context context) {
		Throwable error = context.getError();
		return (error != null) ? error.getClass().getSimpleName() : KeyValue.NONE_VALUE;
	}

	private record TimerKey(String name, KeyValues keyValues, String error) {
	}

}
