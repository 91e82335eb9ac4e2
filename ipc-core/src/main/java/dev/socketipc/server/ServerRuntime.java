package dev.socketipc.server;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.socketipc.protocol.WireCodec;
import dev.socketipc.transport.LogLimiter;

/**
 * What every connection of one server shares: the methods, the codec, the executor, the limits, and the count of
 * calls running, which shutdown waits on. This class is thread-safe.
 */
final class ServerRuntime {

	final ServiceRegistry registry;

	final WireCodec codec;

	final Executor executor;

	final int maxInFlight;

	/** How long calls still get once their connection's input ended, as they would when the server stops. */
	final Duration shutdownTimeout;

	final Answers answers;

	/** One limiter per kind of warning a peer can cause, shared by the connections of this run. */
	final LogLimiter tooLongLog = new LogLimiter(Answers.LOG_INTERVAL);

	final LogLimiter tlsLog = new LogLimiter(Answers.LOG_INTERVAL);

	final LogLimiter unexpectedLog = new LogLimiter(Answers.LOG_INTERVAL);

	private final byte[] register;

	private final AtomicInteger activeCalls = new AtomicInteger();

	private final Object idle = new Object();

	private volatile boolean shuttingDown;

	ServerRuntime(ServiceRegistry registry, WireCodec codec, Executor executor, int maxInFlight,
			Duration shutdownTimeout, ErrorDetails errorDetails) {
		this.registry = registry;
		this.codec = codec;
		this.executor = executor;
		this.maxInFlight = maxInFlight;
		this.shutdownTimeout = shutdownTimeout;
		this.answers = new Answers(codec, errorDetails);
		var buffer = codec.encodeRegister(io.netty.buffer.UnpooledByteBufAllocator.DEFAULT, registry.names());
		try {
			this.register = io.netty.buffer.ByteBufUtil.getBytes(buffer);
		}
		finally {
			buffer.release();
		}
	}

	/** The encoded {@code register} line, sent first on every connection. */
	byte[] registerLine() {
		return this.register;
	}

	boolean isShuttingDown() {
		return this.shuttingDown;
	}

	void callStarted() {
		this.activeCalls.incrementAndGet();
	}

	void callFinished() {
		if (this.activeCalls.decrementAndGet() == 0 && this.shuttingDown) {
			synchronized (this.idle) {
				this.idle.notifyAll();
			}
		}
	}

	int activeCalls() {
		return this.activeCalls.get();
	}

	/**
	 * Marks the server as shutting down (new calls are refused) and waits for running calls to finish.
	 * @return {@code true} when every call finished within the timeout
	 */
	boolean shutDownAndAwaitIdle(Duration timeout) throws InterruptedException {
		this.shuttingDown = true;
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.idle) {
			while (this.activeCalls.get() > 0) {
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					return false;
				}
				TimeUnit.NANOSECONDS.timedWait(this.idle, remaining);
			}
		}
		return true;
	}

}
