package dev.socketipc.benchmarks;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * One load-generator connection: keeps its calls in flight, reads the answers line by
 * line, checks each against its outstanding {@code rid} and reports it to its
 * {@link LoadGenerator}; every method runs on the generator's single event loop.
 */
final class LoadConnection extends ChannelInboundHandlerAdapter {

	private final LoadGenerator generator;

	private final int inFlight;

	private final int mask;

	private final long[] slotRid;

	private final long[] slotSentAt;

	private final Channel channel;

	/** The payload method called, or {@code null} for {@code add(1,2,3,4,5)}. */
	private final PayloadWire payload;

	private ChannelHandlerContext ctx;

	private final LineSplitter lines = new LineSplitter();

	private ByteBuf out;

	private byte[] line = new byte[256];

	private boolean hasRegister;

	private long nextRid = 1;

	private int outstanding;

	LoadConnection(LoadGenerator generator, Channel channel, int inFlight) {
		this(generator, channel, inFlight, null);
	}

	LoadConnection(LoadGenerator generator, Channel channel, int inFlight, PayloadWire payload) {
		this.generator = generator;
		this.channel = channel;
		this.payload = payload;
		this.inFlight = inFlight;
		int size = Integer.highestOneBit(Math.max(64, inFlight * 16) - 1) << 1;
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
		this.lines.read(ctx.alloc(), (ByteBuf) msg, this.generator::isDone, this::handleLine);
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
		if (!this.generator.isDone()) {
			this.generator
				.fail("the server closed a connection during the run (" + this.outstanding + " call(s) unanswered)");
		}
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		if (!this.generator.isDone()) {
			this.generator.fail("connection error: " + cause);
		}
		ctx.close();
	}

	Channel channel() {
		return this.channel;
	}

	int outstanding() {
		return this.outstanding;
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
		if (this.payload != null) {
			writePayloadRequest(rid);
		}
		else {
			if (this.out == null) {
				this.out = this.ctx.alloc().buffer(64 * Math.min(this.inFlight, 64));
			}
			this.out.writeBytes(AddWire.REQUEST_PREFIX);
			AddWire.writeDecimal(this.out, rid);
			this.out.writeBytes(AddWire.REQUEST_SUFFIX);
		}
		this.slotSentAt[slot] = System.nanoTime();
	}

	private void handleLine(ByteBuf buf, int start, int length) {
		if (length > this.line.length) {
			this.line = new byte[Math.max(length, this.line.length * 2)];
		}
		buf.getBytes(start, this.line, 0, length);
		if (!this.hasRegister) {
			if (AddWire.indexOf(this.line, length, AddWire.REGISTER, 0) < 0) {
				this.generator.fail("the first line from the server was not a register message: " + text(length));
				return;
			}
			this.hasRegister = true;
			this.generator.registered();
			return;
		}
		long now = System.nanoTime();
		long rid;
		if (this.payload != null) {
			rid = this.payload.check(this.line, length);
			if (rid <= 0) {
				this.generator.fail("wrong answer to " + this.payload.method()
						+ " (not byte for byte the expected line): " + text(length));
				return;
			}
		}
		else {
			int ridAt = AddWire.indexOf(this.line, length, AddWire.RID_FIELD, 0);
			rid = (ridAt >= 0) ? AddWire.parseDecimal(this.line, ridAt + AddWire.RID_FIELD.length, length) : -1;
			if (rid <= 0 || AddWire.indexOf(this.line, length, AddWire.SUCCESS_TRUE, 0) < 0 || !hasData15(length)) {
				this.generator.fail("wrong answer: " + text(length));
				return;
			}
		}
		int slot = (int) (rid & this.mask);
		if (this.slotRid[slot] != rid) {
			this.generator
				.fail("answer for rid " + rid + ", which is not outstanding on this connection: " + text(length));
			return;
		}
		this.slotRid[slot] = 0;
		this.outstanding--;
		if (this.generator.answered(now - this.slotSentAt[slot])) {
			sendNext();
		}
	}

	private void writePayloadRequest(long rid) {
		if (this.out == null) {
			this.out = this.ctx.alloc().buffer(this.payload.maxRequestBytes() * Math.min(this.inFlight, 64));
		}
		this.payload.writeRequest(this.out, rid);
	}

	private boolean hasData15(int length) {
		int at = AddWire.indexOf(this.line, length, AddWire.DATA_15, 0);
		if (at < 0) {
			return false;
		}
		int after = at + AddWire.DATA_15.length;
		return after < length && (this.line[after] == '}' || this.line[after] == ',');
	}

	private String text(int length) {
		return new String(this.line, 0, Math.min(length, 300), StandardCharsets.UTF_8);
	}

}
