package dev.socketipc.hardening;

import java.lang.management.ManagementFactory;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.ByteBufAllocatorMetricProvider;

/**
 * Measures the memory a server in this JVM holds: the Java heap after a garbage
 * collection, and what Netty's default allocator (where the server's socket buffers live,
 * mostly off the heap) has in use.
 */
final class MemoryProbe {

	static final long MIB = 1024 * 1024;

	private MemoryProbe() {
	}

	/** Returns the used heap after asking for a few garbage collections. */
	static long usedHeapAfterGc() {
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	/** Returns the heap and direct memory Netty's default allocator has in use. */
	static long nettyUsedMemory() {
		ByteBufAllocatorMetric metric = ((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT).metric();
		return metric.usedHeapMemory() + metric.usedDirectMemory();
	}

	/**
	 * Samples {@link #nettyUsedMemory()} every few milliseconds on a daemon thread and
	 * keeps the highest value.
	 */
	static Peak samplePeakNettyMemory() {
		return new Peak();
	}

	static final class Peak implements AutoCloseable {

		private final AtomicLong highest = new AtomicLong(nettyUsedMemory());

		private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "netty-memory-sampler");
			thread.setDaemon(true);
			return thread;
		});

		private Peak() {
			this.sampler.scheduleAtFixedRate(() -> this.highest.accumulateAndGet(nettyUsedMemory(), Math::max), 0, 2,
					TimeUnit.MILLISECONDS);
		}

		/** Stops sampling and returns the highest value seen. */
		long stop() throws InterruptedException {
			this.sampler.shutdownNow();
			this.sampler.awaitTermination(5, TimeUnit.SECONDS);
			return this.highest.accumulateAndGet(nettyUsedMemory(), Math::max);
		}

		@Override
		public void close() throws InterruptedException {
			stop();
		}

	}

}
