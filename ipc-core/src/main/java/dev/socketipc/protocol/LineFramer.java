package dev.socketipc.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.TooLongFrameException;

/**
 * Cuts a connection's bytes into lines and hands each one, as bytes in an array, straight
 * to its {@link Lines}: no buffer slice and no pipeline hop per line. A line ends at
 * {@code \n}; a {@code \r} before it is not part of the line. Behaves as Netty's
 * {@code LineBasedFrameDecoder(maxLineLength, true, true)} does: a line longer than
 * {@code maxLineLength}, or that many bytes and more without a newline, fires a
 * {@link TooLongFrameException} at once and its bytes up to the next newline are dropped;
 * an incomplete line at the end of the input is dropped.
 *
 * <p>
 * A line in a heap buffer is handed over in place; one in a direct buffer (a socket read)
 * is copied once into the framer's array, which lines up to {@value #MAX_SCRATCH} bytes
 * share, while a longer line gets an array of its own that is dropped after it, so a
 * connection never keeps one as large as its longest line. The bytes are only valid
 * during the call. Not sharable: one per connection, used on its event loop.
 */
public final class LineFramer extends ChannelInboundHandlerAdapter {

	/** The largest array a framer keeps between lines. */
	static final int MAX_SCRATCH = 4096;

	/** Where the lines go. */
	@FunctionalInterface
	public interface Lines {

		/**
		 * Takes one line, without its terminator.
		 * @param bytes the array holding it, only valid during the call
		 * @param offset where it starts
		 * @param length its length in bytes
		 */
		void line(byte[] bytes, int offset, int length);

	}

	private final int maxLineLength;

	private final Lines lines;

	private byte[] scratch = new byte[256];

	/** The start of an incomplete line, kept until its end arrives. */
	private ByteBuf cumulation;

	/** Whether the bytes up to the next newline are dropped (a line was too long). */
	private boolean discarding;

	/** How many bytes of the incomplete line are known to hold no newline. */
	private int scanned;

	/** Whether a line was handed over since the last read completed. */
	private boolean delivered;

	/**
	 * Creates a framer.
	 * @param maxLineLength the longest line accepted, in bytes, without its terminator
	 * @param lines where the lines go
	 */
	public LineFramer(int maxLineLength, Lines lines) {
		this.maxLineLength = maxLineLength;
		this.lines = lines;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (!(msg instanceof ByteBuf bytes)) {
			ctx.fireChannelRead(msg);
			return;
		}
		ByteBuf in = (this.cumulation != null)
				? ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), this.cumulation, bytes) : bytes;
		this.cumulation = null;
		try {
			frame(ctx, in);
		}
		finally {
			if (in.isReadable() && ctx.channel().isOpen()) {
				if (in != bytes) {
					// a cumulation of its own, as Netty's decoders compact it
					in.discardSomeReadBytes();
				}
				this.cumulation = in;
			}
			else {
				in.release();
			}
		}
	}

	private void frame(ChannelHandlerContext ctx, ByteBuf in) {
		while (in.isReadable()) {
			int start = in.readerIndex();
			int newline = in.indexOf(start + this.scanned, in.writerIndex(), (byte) '\n');
			this.scanned = 0;
			if (this.discarding) {
				if (newline < 0) {
					in.skipBytes(in.readableBytes());
					return;
				}
				in.readerIndex(newline + 1);
				this.discarding = false;
				continue;
			}
			if (newline < 0) {
				int length = in.readableBytes();
				this.scanned = length;
				if (length > this.maxLineLength) {
					in.skipBytes(length);
					this.scanned = 0;
					this.discarding = true;
					tooLong(ctx, "over " + length);
				}
				return;
			}
			int end = (newline > start && in.getByte(newline - 1) == '\r') ? newline - 1 : newline;
			int length = end - start;
			in.readerIndex(newline + 1);
			if (length > this.maxLineLength) {
				tooLong(ctx, String.valueOf(length));
				continue;
			}
			deliver(ctx, in, start, length);
		}
	}

	private void tooLong(ChannelHandlerContext ctx, String length) {
		ctx.fireExceptionCaught(new TooLongFrameException(
				"frame length (" + length + ") exceeds the allowed maximum (" + this.maxLineLength + ')'));
	}

	private void deliver(ChannelHandlerContext ctx, ByteBuf in, int start, int length) {
		this.delivered = true;
		try {
			if (in.hasArray()) {
				this.lines.line(in.array(), in.arrayOffset() + start, length);
				return;
			}
			byte[] bytes;
			if (length > MAX_SCRATCH) {
				bytes = new byte[length];
			}
			else {
				if (this.scratch.length < length) {
					this.scratch = new byte[Math.min(MAX_SCRATCH, Math.max(length, this.scratch.length * 2))];
				}
				bytes = this.scratch;
			}
			in.getBytes(start, bytes, 0, length);
			this.lines.line(bytes, 0, length);
		}
		catch (RuntimeException ex) {
			// as when a handler after a decoder throws: its exceptionCaught hears it, and
			// the lines after this one still reach it
			ctx.fireExceptionCaught(ex);
		}
	}

	/**
	 * Asks for more input when the read gave no complete line while the channel does not
	 * read on its own, as Netty's decoders do.
	 */
	@Override
	public void channelReadComplete(ChannelHandlerContext ctx) {
		boolean more = !this.delivered && !ctx.channel().config().isAutoRead();
		this.delivered = false;
		if (more) {
			ctx.read();
		}
		ctx.fireChannelReadComplete();
	}

	@Override
	public void handlerRemoved(ChannelHandlerContext ctx) {
		release();
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		release();
		ctx.fireChannelInactive();
	}

	private void release() {
		if (this.cumulation != null) {
			this.cumulation.release();
			this.cumulation = null;
		}
	}

}
