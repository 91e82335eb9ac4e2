package dev.socketipc.benchmarks;

import java.util.function.BooleanSupplier;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Splits what a load connection reads into {@code \n}-terminated lines without copying
 * complete lines, keeping an incomplete tail until the rest arrives. One per connection;
 * used on its event loop only.
 */
final class LineSplitter {

	/**
	 * Receives one line: its bytes from {@code start}, {@code length} long, newline
	 * excluded.
	 */
	@FunctionalInterface
	interface LineHandler {

		void line(ByteBuf buf, int start, int length);

	}

	private ByteBuf partial;

	/**
	 * Hands every complete line of {@code in} (after the tail kept from before) to the
	 * handler until {@code stop} says so, keeps the incomplete tail, and releases
	 * {@code in}.
	 */
	void read(ByteBufAllocator alloc, ByteBuf in, BooleanSupplier stop, LineHandler handler) {
		ByteBuf buf = in;
		try {
			if (this.partial != null) {
				this.partial.writeBytes(in);
				buf = this.partial;
			}
			int end;
			while (!stop.getAsBoolean()
					&& (end = buf.indexOf(buf.readerIndex(), buf.writerIndex(), (byte) '\n')) >= 0) {
				int start = buf.readerIndex();
				handler.line(buf, start, end - start);
				buf.readerIndex(end + 1);
			}
			if (buf == this.partial) {
				if (this.partial.isReadable()) {
					this.partial.discardReadBytes();
				}
				else {
					release();
				}
			}
			else if (in.isReadable()) {
				this.partial = alloc.buffer(Math.max(1024, in.readableBytes() * 2));
				this.partial.writeBytes(in);
			}
		}
		finally {
			in.release();
		}
	}

	/** Releases the tail kept, if any. */
	void release() {
		if (this.partial != null) {
			this.partial.release();
			this.partial = null;
		}
	}

}
