package dev.socketipc.leak;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import io.netty.util.ResourceLeakTracker;

/**
 * Records every leak Netty's {@link ResourceLeakDetector}s report
 * ({@code LEAK: ... release() was not called}), so that {@link NettyLeakGate} can fail
 * the test class during which one was found, instead of the report getting lost in the
 * log.
 *
 * <p>
 * {@link #install()} must run before Netty creates its first detector (the one of
 * {@code AbstractByteBuf} is a static made when that class initializes):
 * {@link NettyLeakDetectionInstaller} calls it when the JUnit launcher session opens,
 * before any test class is loaded.
 */
public final class NettyLeakReports {

	private static final List<String> reports = new CopyOnWriteArrayList<>();

	private static final List<ResourceLeakDetector<?>> detectors = new CopyOnWriteArrayList<>();

	private static volatile boolean installed;

	private NettyLeakReports() {
	}

	/** Makes Netty create recording detectors from now on; idempotent. */
	static synchronized void install() {
		if (!installed) {
			ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingFactory());
			installed = true;
		}
	}

	/**
	 * Tells whether the detector that tracks every {@code ByteBuf} is a recording one,
	 * that is whether {@link #install()} ran before Netty's buffers were first used.
	 * @return {@code true} when buffer leaks are recorded
	 */
	static boolean isGuardingByteBufs() {
		try {
			Class<?> type = Class.forName("io.netty.buffer.AbstractByteBuf");
			Field field = type.getDeclaredField("leakDetector");
			field.setAccessible(true);
			return field.get(null) instanceof RecordingDetector;
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("cannot find Netty's ByteBuf leak detector: " + ex, ex);
		}
	}

	/**
	 * Collects garbage and makes every recording detector look at the buffers collected
	 * meanwhile (a detector only reports when it tracks a new object), then returns and
	 * forgets the leaks reported since the last call.
	 * @return the leak reports, each as Netty logs it
	 */
	static List<String> collect() {
		for (int round = 0; round < 2; round++) {
			awaitGarbageCollection();
			for (ResourceLeakDetector<?> detector : detectors) {
				poke(detector);
			}
		}
		List<String> collected = new ArrayList<>(reports);
		reports.removeAll(collected);
		return collected;
	}

	/**
	 * Runs a GC and waits until references it cleared have been enqueued, as leak
	 * trackers are.
	 */
	private static void awaitGarbageCollection() {
		ReferenceQueue<Object> queue = new ReferenceQueue<>();
		WeakReference<Object> sentinel = new WeakReference<>(new Object(), queue);
		System.gc();
		try {
			queue.remove(TimeUnit.SECONDS.toMillis(5));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		sentinel.clear();
	}

	/**
	 * Tracking an object, whatever the sampling level, makes the detector report what was
	 * collected unreleased.
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static void poke(ResourceLeakDetector detector) {
		Object probe = new Object();
		ResourceLeakTracker tracker = detector.trackForcibly(probe);
		if (tracker != null) {
			tracker.close(probe);
		}
	}

	static void record(String report) {
		reports.add(report);
	}

	/**
	 * Creates {@link RecordingDetector}s, and remembers them so that {@link #collect()}
	 * can poke them.
	 */
	private static final class RecordingFactory extends ResourceLeakDetectorFactory {

		@Override
		public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
				long maxActive) {
			return newResourceLeakDetector(resource, samplingInterval);
		}

		@Override
		public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval) {
			RecordingDetector<T> detector = new RecordingDetector<>(resource, samplingInterval);
			detectors.add(detector);
			return detector;
		}

	}

	/**
	 * A detector that records its reports besides logging them, whatever the log level.
	 */
	static final class RecordingDetector<T> extends ResourceLeakDetector<T> {

		RecordingDetector(Class<?> resource, int samplingInterval) {
			super(resource, samplingInterval);
		}

		@Override
		protected boolean needReport() {
			return true;
		}

		@Override
		protected void reportTracedLeak(String resourceType, String records) {
			record("LEAK: " + resourceType + ".release() was not called before it's garbage-collected." + records);
			super.reportTracedLeak(resourceType, records);
		}

		@Override
		protected void reportUntracedLeak(String resourceType) {
			record("LEAK: " + resourceType + ".release() was not called before it's garbage-collected "
					+ "(no access records: run with -Dio.netty.leakDetection.level=paranoid to see where it was used)");
			super.reportUntracedLeak(resourceType);
		}

		@Override
		protected void reportInstancesLeak(String resourceType) {
			record("LEAK: too many instances of " + resourceType + " were created");
			super.reportInstancesLeak(resourceType);
		}

	}

}
