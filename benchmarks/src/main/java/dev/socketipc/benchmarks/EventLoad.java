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
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.Promise;

/**
 * One measurement of the events cell: S raw-Netty {@link EventSubscriber}s on one event
 * loop thread subscribe to {@value EventBench#TOPIC}, the server's publisher runs
 * ({@link EventBench}, started and stopped through our client), and the events each
 * subscriber receives are counted over the window that follows the warm-up. After the
 * publisher stops, the subscribers read what is still on its way; every event published
 * and not received, in a gap or at the end, counts as dropped.
 */
final class EventLoad {

	/** How long the subscribers may receive nothing before the tail counts as dropped. */
	private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);

	private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

	/**
	 * One measurement's settings.
	 *
	 * @param run a number no earlier run against this server used (acknowledgements carry
	 * it)
	 * @param address the events server
	 * @param subscribers S, the number of subscribed connections
	 * @param credit how far the publisher may run ahead of the slowest subscriber; 0 for
	 * no limit
	 * @param warmup publishing before the window opens
	 * @param window how long received events are counted
	 */
	record Config(int run, IpcAddress address, int subscribers, int credit, Duration warmup, Duration window) {
	}

	/** The events server's control methods, called through our client. */
	public interface Control {

		/**
		 * Starts publishing.
		 * @param run see {@link Config#run}
		 * @param subscribers the connections subscribed
		 * @param credit see {@link EventBench#eventsStart}
		 */
		void eventsStart(int run, int subscribers, int credit);

		/**
		 * Stops publishing.
		 * @return events published, events the server dropped meanwhile
		 */
		long[] eventsStop();

	}

	private final EventLoop loop;

	private final Config config;

	private final List<EventSubscriber> subscribers = new ArrayList<>();

	private final Promise<Void> ready;

	private final Promise<Void> windowClosed;

	private final Promise<Void> drained;

	private int subscribed;

	private boolean measuring;

	private long windowStart;

	private long windowEnd;

	private long published = -1;

	private long lastEventAt;

	private EventLoad(EventLoopGroup group, Config config) {
		this.loop = group.next();
		this.config = config;
		this.ready = this.loop.newPromise();
		this.windowClosed = this.loop.newPromise();
		this.drained = this.loop.newPromise();
	}

	/**
	 * Runs one measurement.
	 * @param group an event loop group with one thread, reused between runs
	 * @param control the events server's control methods
	 * @param config what to measure
	 * @return events per second over the window and the events dropped
	 * @throws WrongAnswerException at the first wrong line, or when the server stops
	 * sending
	 */
	static EventResult run(EventLoopGroup group, Control control, Config config) {
		return new EventLoad(group, config).run(control);
	}

	private EventResult run(Control control) {
		try {
			connect();
			await(this.ready, Duration.ofSeconds(30), "waiting for every subscriber's $subscribe answer");
			control.eventsStart(this.config.run(), this.config.subscribers(), this.config.credit());
			long[] stopped;
			try {
				this.loop.execute(this::start);
				long total = this.config.warmup().toNanos() + this.config.window().toNanos();
				await(this.windowClosed, Duration.ofNanos(total).plus(DRAIN_TIMEOUT), "publishing");
			}
			finally {
				stopped = control.eventsStop();
			}
			this.loop.execute(() -> drain(stopped[0]));
			await(this.drained, DRAIN_TIMEOUT, "receiving the last events");
			return result(stopped[0], stopped[1]);
		}
		finally {
			for (EventSubscriber subscriber : this.subscribers) {
				subscriber.channel().close().awaitUninterruptibly(5, TimeUnit.SECONDS);
			}
		}
	}

	private EventResult result(long published, long serverDrops) {
		double seconds = (this.windowEnd - this.windowStart) / 1e9;
		long total = 0;
		long slowest = Long.MAX_VALUE;
		long drops = 0;
		for (EventSubscriber subscriber : this.subscribers) {
			total += subscriber.windowEvents();
			slowest = Math.min(slowest, subscriber.windowEvents());
			drops += subscriber.gaps() + (published - subscriber.last());
		}
		int s = this.subscribers.size();
		return new EventResult(s, published, total / seconds, total / seconds / s, slowest / seconds, drops,
				serverDrops);
	}

	private void connect() {
		Bootstrap bootstrap = new Bootstrap().group(this.loop)
			.channel(Transports.channelType(this.config.address()))
			.handler(new ChannelInitializer<>() {
				@Override
				protected void initChannel(Channel channel) {
					EventSubscriber subscriber;
					synchronized (EventLoad.this.subscribers) {
						subscriber = new EventSubscriber(EventLoad.this, channel, EventLoad.this.config.run(),
								EventLoad.this.subscribers.size(), EventLoad.this.config.credit());
						EventLoad.this.subscribers.add(subscriber);
					}
					channel.pipeline().addLast(subscriber);
				}
			});
		for (int i = 0; i < this.config.subscribers(); i++) {
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
			throw new WrongAnswerException(
					"timed out after " + timeout + " " + what + " against " + this.config.address() + " ("
							+ this.subscribed + "/" + this.config.subscribers() + " subscriber(s) subscribed)");
		}
	}

	/** Runs on the event loop once the publisher runs. */
	private void start() {
		long warmup = this.config.warmup().toNanos();
		this.loop.schedule(this::openWindow, warmup, TimeUnit.NANOSECONDS);
		this.loop.schedule(this::closeWindow, warmup + this.config.window().toNanos(), TimeUnit.NANOSECONDS);
	}

	private void openWindow() {
		this.measuring = true;
		this.windowStart = System.nanoTime();
	}

	private void closeWindow() {
		this.windowEnd = System.nanoTime();
		this.measuring = false;
		this.windowClosed.trySuccess(null);
	}

	/**
	 * Runs on the event loop once the publisher stopped: done when every subscriber has
	 * the last event, or when none received anything for a second.
	 */
	private void drain(long published) {
		this.published = published;
		this.lastEventAt = System.nanoTime();
		checkDrained();
		idleCheck();
	}

	private void idleCheck() {
		if (this.drained.isDone()) {
			return;
		}
		if (System.nanoTime() - this.lastEventAt >= IDLE_NANOS) {
			this.drained.trySuccess(null);
			return;
		}
		this.loop.schedule(this::idleCheck, 100, TimeUnit.MILLISECONDS);
	}

	private void checkDrained() {
		for (EventSubscriber subscriber : this.subscribers) {
			if (subscriber.last() < this.published) {
				return;
			}
		}
		this.drained.trySuccess(null);
	}

	void fail(String message) {
		WrongAnswerException failure = new WrongAnswerException(message);
		this.ready.tryFailure(failure);
		this.windowClosed.tryFailure(failure);
		this.drained.tryFailure(failure);
		for (EventSubscriber subscriber : this.subscribers) {
			subscriber.channel().close();
		}
	}

	void subscribed() {
		this.subscribed++;
		if (this.subscribed == this.config.subscribers()) {
			this.ready.trySuccess(null);
		}
	}

	/** Called for every event once it is checked. */
	void eventReceived() {
		if (this.published >= 0) {
			this.lastEventAt = System.nanoTime();
			checkDrained();
		}
	}

	boolean isMeasuring() {
		return this.measuring;
	}

	boolean isFailed() {
		return this.drained.isDone() && !this.drained.isSuccess();
	}

	/** Whether the measurement ended, so that closing a connection is expected. */
	boolean isFinished() {
		return this.drained.isDone();
	}

}
