package dev.socketipc.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.socketipc.transport.IpcAddress;
import dev.socketipc.transport.Transports;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.Promise;
import org.HdrHistogram.Histogram;

/**
 * Drives one server with {@code add(1,2,3,4,5)} calls over raw Netty, without the
 * library's client: one event loop thread, C connections, W calls in flight on each,
 * every answer checked.
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

	private static final byte[] REQUEST_PREFIX = "{\"rid\":".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] REQUEST_SUFFIX = ",\"method\":\"add\",\"args\":[1,2,3,4,5]}\n"
		.getBytes(StandardCharsets.US_ASCII);

	private static final byte[] RID_FIELD = "\"rid\":".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] SUCCESS_TRUE = "\"success\":true".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] DATA_15 = "\"data\":15".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] REGISTER = "\"action\":\"register\"".getBytes(StandardCharsets.US_ASCII);

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
	 */
	record Config(IpcAddress address, int connections, int inFlight, Duration warmup, Duration window) {
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
				if (connection.channel != null) {
					channels.add(connection.channel);
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
					LoadConnection connection = new LoadConnection();
					connection.channel = channel;
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
				outstanding += connection.outstanding;
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
			if (connection.outstanding > 0) {
				return;
			}
		}
		this.done.trySuccess(null);
	}

	private void fail(String message) {
		this.stopping = true;
		WrongAnswerException failure = new WrongAnswerException(message);
		this.ready.tryFailure(failure);
		this.done.tryFailure(failure);
		for (LoadConnection connection : this.connections) {
			connection.channel.close();
		}
	}

	private void registered() {
		this.registered++;
		if (this.registered == this.config.connections()) {
			this.ready.trySuccess(null);
		}
	}

	/** One connection's state; every method runs on the single event loop. */
	private final class LoadConnection extends ChannelInboundHandlerAdapter {

		private final int mask;

		private final long[] slotRid;

		private final long[] slotSentAt;

		private Channel channel;

		private ChannelHandlerContext ctx;

		private ByteBuf partial;

		private ByteBuf out;

		private byte[] line = new byte[256];

		private boolean hasRegister;

		private long nextRid = 1;

		private int outstanding;

		LoadConnection() {
			int size = Integer.highestOneBit(Math.max(64, LoadGenerator.this.config.inFlight() * 16) - 1) << 1;
			this.mask = size - 1;
			this.slotRid = new long[size];
			this.slotSentAt = new long[size];
		}

		@Override
		public void handlerAdded(ChannelHandlerContext ctx) {
			this.ctx = ctx;
		}

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			ByteBuf in = (ByteBuf) msg;
			ByteBuf buf = in;
			try {
				if (this.partial != null) {
					this.partial.writeBytes(in);
					buf = this.partial;
				}
				int end;
				while (!LoadGenerator.this.done.isDone()
						&& (end = buf.indexOf(buf.readerIndex(), buf.writerIndex(), (byte) '\n')) >= 0) {
					int start = buf.readerIndex();
					handleLine(buf, start, end - start);
					buf.readerIndex(end + 1);
				}
				if (buf == this.partial) {
					if (this.partial.isReadable()) {
						this.partial.discardReadBytes();
					}
					else {
						this.partial.release();
						this.partial = null;
					}
				}
				else if (in.isReadable()) {
					this.partial = ctx.alloc().buffer(Math.max(1024, in.readableBytes() * 2));
					this.partial.writeBytes(in);
				}
			}
			finally {
				in.release();
			}
		}

		@Override
		public void channelReadComplete(ChannelHandlerContext ctx) {
			flush();
		}

		@Override
		public void channelInactive(ChannelHandlerContext ctx) {
			if (this.partial != null) {
				this.partial.release();
				this.partial = null;
			}
			if (this.out != null) {
				this.out.release();
				this.out = null;
			}
			if (!LoadGenerator.this.done.isDone()) {
				fail("the server closed a connection during the run (" + this.outstanding + " call(s) unanswered)");
			}
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
			if (!LoadGenerator.this.done.isDone()) {
				fail("connection error: " + cause);
			}
			ctx.close();
		}

		void flush() {
			if (this.out != null) {
				ByteBuf toWrite = this.out;
				this.out = null;
				this.ctx.writeAndFlush(toWrite, this.ctx.voidPromise());
			}
		}

		void sendNext() {
			long rid = this.nextRid++;
			while (this.slotRid[(int) (rid & this.mask)] != 0) {
				// a call still outstanding holds this slot: skip the rid rather than
				// overwrite it
				rid = this.nextRid++;
			}
			int slot = (int) (rid & this.mask);
			this.slotRid[slot] = rid;
			this.outstanding++;
			if (this.out == null) {
				this.out = this.ctx.alloc().buffer(64 * Math.min(LoadGenerator.this.config.inFlight(), 64));
			}
			this.out.writeBytes(REQUEST_PREFIX);
			writeDecimal(this.out, rid);
			this.out.writeBytes(REQUEST_SUFFIX);
			this.slotSentAt[slot] = System.nanoTime();
		}

		private void handleLine(ByteBuf buf, int start, int length) {
			if (length > this.line.length) {
				this.line = new byte[Math.max(length, this.line.length * 2)];
			}
			buf.getBytes(start, this.line, 0, length);
			if (!this.hasRegister) {
				if (indexOf(this.line, length, REGISTER, 0) < 0) {
					fail("the first line from the server was not a register message: " + text(length));
					return;
				}
				this.hasRegister = true;
				registered();
				return;
			}
			long now = System.nanoTime();
			int ridAt = indexOf(this.line, length, RID_FIELD, 0);
			long rid = (ridAt >= 0) ? parseDecimal(this.line, ridAt + RID_FIELD.length, length) : -1;
			if (rid <= 0 || indexOf(this.line, length, SUCCESS_TRUE, 0) < 0 || !hasData15(length)) {
				fail("wrong answer: " + text(length));
				return;
			}
			int slot = (int) (rid & this.mask);
			if (this.slotRid[slot] != rid) {
				fail("answer for rid " + rid + ", which is not outstanding on this connection: " + text(length));
				return;
			}
			this.slotRid[slot] = 0;
			this.outstanding--;
			LoadGenerator.this.totalCalls++;
			if (LoadGenerator.this.measuring) {
				LoadGenerator.this.windowCalls++;
				LoadGenerator.this.histogram.recordValue(Math.min(now - this.slotSentAt[slot], MAX_LATENCY_NANOS));
			}
			if (LoadGenerator.this.stopping) {
				checkDrained();
			}
			else {
				sendNext();
			}
		}

		private boolean hasData15(int length) {
			int at = indexOf(this.line, length, DATA_15, 0);
			if (at < 0) {
				return false;
			}
			int after = at + DATA_15.length;
			return after < length && (this.line[after] == '}' || this.line[after] == ',');
		}

		private String text(int length) {
			return new String(this.line, 0, Math.min(length, 300), StandardCharsets.UTF_8);
		}

	}

	static void writeDecimal(ByteBuf out, long value) {
		if (value < 10) {
			out.writeByte('0' + (int) value);
			return;
		}
		int digits = 0;
		for (long v = value; v > 0; v /= 10) {
			digits++;
		}
		int end = out.writerIndex() + digits;
		out.ensureWritable(digits);
		int at = end;
		for (long v = value; v > 0; v /= 10) {
			out.setByte(--at, '0' + (int) (v % 10));
		}
		out.writerIndex(end);
	}

	/**
	 * Parses the non-negative decimal at {@code from}; {@code -1} when there is no digit
	 * there.
	 */
	static long parseDecimal(byte[] bytes, int from, int length) {
		long value = 0;
		int i = from;
		while (i < length && bytes[i] >= '0' && bytes[i] <= '9' && i - from < 18) {
			value = value * 10 + (bytes[i] - '0');
			i++;
		}
		return (i == from) ? -1 : value;
	}

	static int indexOf(byte[] bytes, int length, byte[] needle, int from) {
		int last = length - needle.length;
		outer: for (int i = from; i <= last; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (bytes[i + j] != needle[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

}
