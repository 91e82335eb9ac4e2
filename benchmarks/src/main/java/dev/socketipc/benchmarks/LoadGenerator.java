package dev.socketipc.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.socketipc.transport.IpcAddress;
import dev.socketipc.transport.Transports;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.Promise;
import org.HdrHistogram.Histogram;

/**
 * Drives one server with {@code add(1,2,3,4,5)} calls (or a payload method's, see
 * {@link PayloadWire}) over raw Netty, without the library's client: one event loop
 * thread, C connections, W calls in flight on each, every answer checked.
 *
 * <p>
 * Requests are pre-encoded bytes with the {@code rid} written in. An answer must carry
 * the {@code rid} of a call still outstanding on its connection, {@code "success":true}
 * and {@code "data":15}; anything else fails the run at once. Calls per second are
 * counted over the measurement window that follows the warm-up, and each call's latency
 * (request encoded → answer read, {@code System.nanoTime}) goes into an HdrHistogram
 * during the window.
 */
final class LoadGenerator {

	private static final long MAX_LATENCY_NANOS = TimeUnit.SECONDS.toNanos(30);

	/** How long the generator waits for the last answers once the window closed. */
	private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(20);

	/**
	 * One measurement's settings.
	 *
	 * @param address the server
	 * @param connections C, the number of connections
	 * @param inFlight W, calls in flight on each connection
	 * @param warmup load before the window opens
	 * @param window how long calls are counted
	 * @param payload the payload method called, or {@code null} for
	 * {@code add(1,2,3,4,5)}
	 */
	record Config(IpcAddress address, int connections, int inFlight, Duration warmup, Duration window,
			PayloadWire payload) {

		Config(IpcAddress address, int connections, int inFlight, Duration warmup, Duration window) {
			this(address, connections, inFlight, warmup, window, null);
		}

	}

	private final EventLoop loop;

	private final Config config;

	private final List<LoadConnection> connections = new ArrayList<>();

	private final Promise<Void> ready;

	private final Promise<Void> done;

	private final Histogram histogram = new Histogram(MAX_LATENCY_NANOS, 3);

	private int registered;

	private boolean measuring;

	private boolean stopping;

	private long windowCalls;

	private long windowStart;

	private long windowEnd;

	private long totalCalls;

	private LoadGenerator(EventLoopGroup group, Config config) {
		this.loop = group.next();
		this.config = config;
		this.ready = this.loop.newPromise();
		this.done = this.loop.newPromise();
	}

	/**
	 * Runs one measurement.
	 * @param group an event loop group with one thread, reused between runs
	 * @param config what to measure
	 * @return calls per second and latencies over the window
	 * @throws WrongAnswerException at the first wrong or unexpected answer, or when the
	 * server stops answering
	 */
	static LoadResult run(EventLoopGroup group, Config config) {
		return new LoadGenerator(group, config).run();
	}

	private LoadResult run() {
		try {
			connect();
			await(this.ready, Duration.ofSeconds(30), "waiting for the register line on every connection");
			this.loop.execute(this::start);
			long total = this.config.warmup().toNanos() + this.config.window().toNanos();
			await(this.done, Duration.ofNanos(total).plus(DRAIN_TIMEOUT), "running the load");
			double seconds = (this.windowEnd - this.windowStart) / 1e9;
			return new LoadResult(this.windowCalls / seconds, this.windowCalls, this.histogram.copy(), 0);
		}
		finally {
			List<Channel> channels = new ArrayList<>();
			for (LoadConnection connection : this.connections) {
				if (connection.channel() != null) {
					channels.add(connection.channel());
				}
			}
			for (Channel channel : channels) {
				channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
			}
		}
	}

	private void connect() {
		Bootstrap bootstrap = new Bootstrap().group(this.loop)
			.channel(Transports.channelType(this.config.address()))
			.handler(new ChannelInitializer<>() {
				@Override
				protected void initChannel(Channel channel) {
					LoadConnection connection = new LoadConnection(LoadGenerator.this, channel,
							LoadGenerator.this.config.inFlight(), LoadGenerator.this.config.payload());
					synchronized (LoadGenerator.this.connections) {
						LoadGenerator.this.connections.add(connection);
					}
					channel.pipeline().addLast(connection);
				}
			});
		if (this.config.address() instanceof IpcAddress.Tcp) {
			bootstrap.option(ChannelOption.TCP_NODELAY, true);
		}
		for (int i = 0; i < this.config.connections(); i++) {
			var future = bootstrap.connect(this.config.address().socketAddress()).awaitUninterruptibly();
			if (!future.isSuccess()) {
				throw new IllegalStateException("could not connect to " + this.config.address() + ": " + future.cause(),
						future.cause());
			}
		}
	}

	private void await(Promise<Void> promise, Duration timeout, String what) {
		try {
			promise.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while " + what, ex);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof WrongAnswerException wrong) {
				throw new WrongAnswerException(wrong.getMessage());
			}
			throw new IllegalStateException(what + " against " + this.config.address() + " failed: " + ex.getCause(),
					ex.getCause());
		}
		catch (TimeoutException ex) {
			int outstanding = 0;
			for (LoadConnection connection : this.connections) {
				outstanding += connection.outstanding();
			}
			throw new WrongAnswerException("timed out after " + timeout + " " + what + " against "
					+ this.config.address() + " (" + outstanding + " call(s) unanswered, " + this.registered + "/"
					+ this.config.connections() + " connection(s) registered)");
		}
	}

	/** Runs on the event loop once every connection has its register line. */
	private void start() {
		long warmup = this.config.warmup().toNanos();
		this.loop.schedule(this::openWindow, warmup, TimeUnit.NANOSECONDS);
		this.loop.schedule(this::closeWindow, warmup + this.config.window().toNanos(), TimeUnit.NANOSECONDS);
		for (LoadConnection connection : this.connections) {
			for (int i = 0; i < this.config.inFlight(); i++) {
				connection.sendNext();
			}
			connection.flush();
		}
	}

	private void openWindow() {
		this.histogram.reset();
		this.windowCalls = 0;
		this.measuring = true;
		this.windowStart = System.nanoTime();
	}

	private void closeWindow() {
		this.windowEnd = System.nanoTime();
		this.measuring = false;
		this.stopping = true;
		checkDrained();
	}

	private void checkDrained() {
		if (!this.stopping || this.done.isDone()) {
			return;
		}
		for (LoadConnection connection : this.connections) {
			if (connection.outstanding() > 0) {
				return;
			}
		}
		this.done.trySuccess(null);
	}

	void fail(String message) {
		this.stopping = true;
		WrongAnswerException failure = new WrongAnswerException(message);
		this.ready.tryFailure(failure);
		this.done.tryFailure(failure);
		for (LoadConnection connection : this.connections) {
			connection.channel().close();
		}
	}

	void registered() {
		this.registered++;
		if (this.registered == this.config.connections()) {
			this.ready.trySuccess(null);
		}
	}

	boolean isDone() {
		return this.done.isDone();
	}

	/**
	 * Counts one right answer.
	 * @param latencyNanos from the request encoded to its answer read
	 * @return whether the connection sends its next call (false once the window closed)
	 */
	boolean answered(long latencyNanos) {
		this.totalCalls++;
		if (this.measuring) {
			this.windowCalls++;
			this.histogram.recordValue(Math.min(latencyNanos, MAX_LATENCY_NANOS));
		}
		if (this.stopping) {
			checkDrained();
			return false;
		}
		return true;
	}

}
