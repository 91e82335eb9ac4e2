package dev.socketipc.benchmarks;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * One subscriber of the events cell over raw Netty: after the server's register line it
 * sends {@code {"rid":1,"method":"$subscribe","args":["bench"]}}, then checks every line
 * that comes: an event must be exactly {@code {"action":"event","topic":"bench",
 * "data":{"seq":N}}} with N above the last one (a jump counts the events skipped as
 * dropped, a repeat or a step back fails the run), an answer must be
 * {@code "success":true} with {@code "data":null} for a {@code rid} still outstanding.
 * With a credit it acknowledges its progress ({@code eventsAck(run, index, seq)}) every
 * quarter of it. Every method runs on the load's single event loop.
 */
final class EventSubscriber extends ChannelInboundHandlerAdapter {

	private static final byte[] SUBSCRIBE = ("{\"rid\":1,\"method\":\"$subscribe\",\"args\":[\"" + EventBench.TOPIC
			+ "\"]}\n")
		.getBytes(StandardCharsets.US_ASCII);

	private static final byte[] EVENT_PREFIX = ("{\"action\":\"event\",\"topic\":\"" + EventBench.TOPIC
			+ "\",\"data\":{\"seq\":")
		.getBytes(StandardCharsets.US_ASCII);

	private static final byte[] ACK_PREFIX = "{\"rid\":".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] ACK_METHOD = ",\"method\":\"eventsAck\",\"args\":[".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] ACK_SUFFIX = "]}\n".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] DATA_NULL = "\"data\":null".getBytes(StandardCharsets.US_ASCII);

	/** Acknowledgements that may be unanswered at once; more are left for later. */
	private static final int ACK_SLOTS = 64;

	private final EventLoad load;

	private final Channel channel;

	private final int run;

	private final int index;

	private final int ackEvery;

	private final long[] ackRids = new long[ACK_SLOTS];

	private ChannelHandlerContext ctx;

	private final LineSplitter lines = new LineSplitter();

	private ByteBuf out;

	private byte[] line = new byte[256];

	private boolean hasRegister;

	private boolean subscribed;

	private long nextRid = 2;

	private long last;

	private long lastAcknowledged;

	private long gaps;

	private long windowEvents;

	EventSubscriber(EventLoad load, Channel channel, int run, int index, int credit) {
		this.load = load;
		this.channel = channel;
		this.run = run;
		this.index = index;
		this.ackEvery = (credit > 0) ? Math.max(1, credit / 4) : 0;
	}

	Channel channel() {
		return this.channel;
	}

	/** The last sequence number received. */
	long last() {
		return this.last;
	}

	/** Events skipped between two received ones. */
	long gaps() {
		return this.gaps;
	}

	/** Events received while the window was open. */
	long windowEvents() {
		return this.windowEvents;
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		this.ctx = ctx;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		this.lines.read(ctx.alloc(), (ByteBuf) msg, this.load::isFailed, this::handleLine);
	}

	@Override
	public void channelReadComplete(ChannelHandlerContext ctx) {
		flush();
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		this.lines.release();
		if (this.out != null) {
			this.out.release();
			this.out = null;
		}
		if (!this.load.isFinished()) {
			this.load.fail("the server closed subscriber " + this.index + " during the run (last event " + this.last
					+ "; with --event-overflow close that is the policy at work)");
		}
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		if (!this.load.isFinished()) {
			this.load.fail("subscriber " + this.index + ": connection error: " + cause);
		}
		ctx.close();
	}

	private void handleLine(ByteBuf buf, int start, int length) {
		if (length > this.line.length) {
			this.line = new byte[Math.max(length, this.line.length * 2)];
		}
		buf.getBytes(start, this.line, 0, length);
		if (!this.hasRegister) {
			if (AddWire.indexOf(this.line, length, AddWire.REGISTER, 0) < 0) {
				this.load.fail("the first line from the server was not a register message: " + text(length));
				return;
			}
			this.hasRegister = true;
			this.out().writeBytes(SUBSCRIBE);
			flush();
			return;
		}
		if (startsWith(length, EVENT_PREFIX)) {
			handleEvent(length);
		}
		else {
			handleAnswer(length);
		}
	}

	private void handleEvent(int length) {
		int at = EVENT_PREFIX.length;
		long seq = AddWire.parseDecimal(this.line, at, length);
		int digits = 0;
		for (long v = seq; v > 0; v /= 10) {
			digits++;
		}
		if (!this.subscribed || seq <= 0 || length != at + digits + 2 || this.line[length - 2] != '}'
				|| this.line[length - 1] != '}') {
			this.load.fail("subscriber " + this.index + ": wrong event line"
					+ (this.subscribed ? "" : " before the $subscribe answer") + ": " + text(length));
			return;
		}
		if (seq <= this.last) {
			this.load.fail("subscriber " + this.index + ": event seq " + seq + " after seq " + this.last
					+ " (repeated or out of order)");
			return;
		}
		this.gaps += seq - this.last - 1;
		this.last = seq;
		if (this.load.isMeasuring()) {
			this.windowEvents++;
		}
		if (this.ackEvery > 0 && seq - this.lastAcknowledged >= this.ackEvery) {
			acknowledge(seq);
		}
		this.load.eventReceived();
	}

	private void acknowledge(long seq) {
		long rid = this.nextRid;
		int slot = (int) (rid % ACK_SLOTS);
		if (this.ackRids[slot] != 0) {
			// too many unanswered: acknowledge with a later event
			return;
		}
		this.nextRid++;
		this.ackRids[slot] = rid;
		this.lastAcknowledged = seq;
		ByteBuf buf = out();
		buf.writeBytes(ACK_PREFIX);
		AddWire.writeDecimal(buf, rid);
		buf.writeBytes(ACK_METHOD);
		AddWire.writeDecimal(buf, this.run);
		buf.writeByte(',');
		AddWire.writeDecimal(buf, this.index);
		buf.writeByte(',');
		AddWire.writeDecimal(buf, seq);
		buf.writeBytes(ACK_SUFFIX);
	}

	private void handleAnswer(int length) {
		int ridAt = AddWire.indexOf(this.line, length, AddWire.RID_FIELD, 0);
		long rid = (ridAt >= 0) ? AddWire.parseDecimal(this.line, ridAt + AddWire.RID_FIELD.length, length) : -1;
		int dataAt = AddWire.indexOf(this.line, length, DATA_NULL, 0);
		int afterData = dataAt + DATA_NULL.length;
		if (rid <= 0 || AddWire.indexOf(this.line, length, AddWire.SUCCESS_TRUE, 0) < 0 || dataAt < 0
				|| afterData >= length || (this.line[afterData] != '}' && this.line[afterData] != ',')) {
			this.load.fail("subscriber " + this.index + ": wrong answer: " + text(length));
			return;
		}
		if (rid == 1 && !this.subscribed) {
			this.subscribed = true;
			this.load.subscribed();
			return;
		}
		int slot = (int) (rid % ACK_SLOTS);
		if (rid == 1 || this.ackRids[slot] != rid) {
			this.load.fail("subscriber " + this.index + ": answer for rid " + rid + ", which is not outstanding: "
					+ text(length));
			return;
		}
		this.ackRids[slot] = 0;
	}

	private boolean startsWith(int length, byte[] prefix) {
		if (length < prefix.length) {
			return false;
		}
		for (int i = 0; i < prefix.length; i++) {
			if (this.line[i] != prefix[i]) {
				return false;
			}
		}
		return true;
	}

	private ByteBuf out() {
		if (this.out == null) {
			this.out = this.ctx.alloc().buffer(256);
		}
		return this.out;
	}

	private void flush() {
		if (this.out != null) {
			ByteBuf toWrite = this.out;
			this.out = null;
			this.ctx.writeAndFlush(toWrite, this.ctx.voidPromise());
		}
	}

	private String text(int length) {
		return new String(this.line, 0, Math.min(length, 300), StandardCharsets.UTF_8);
	}

}
