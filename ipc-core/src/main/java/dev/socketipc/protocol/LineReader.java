package dev.socketipc.protocol;

import io.netty.buffer.ByteBuf;

/**
 * Decodes the lines of one connection from Netty buffers: a heap buffer is parsed in
 * place, a direct one is copied into an array. Lines up to {@value #MAX_SCRATCH} bytes
 * share one array, reused for every line; a longer line gets an array of its own that is
 * dropped after it, so a connection never keeps a buffer as large as its longest line.
 * Not thread-safe: one reader per connection, used on its event loop.
 */
public final class LineReader {

	private final WireCodec codec;

	/** The largest array a reader keeps between lines. */
	static final int MAX_SCRATCH = 4096;

	private byte[] scratch = new byte[256];

	/**
	 * Creates a reader.
	 * @param codec the codec that decodes each line
	 */
	public LineReader(WireCodec codec) {
		this.codec = codec;
	}

	/**
	 * Decodes one line (without its terminator).
	 * @param line the line; its reader index is left unchanged
	 * @return the message
	 * @throws WireFormatException when the line is not exactly one JSON value
	 */
	public WireMessage read(ByteBuf line) {
		int length = line.readableBytes();
		if (line.hasArray()) {
			return this.codec.decode(line.array(), line.arrayOffset() + line.readerIndex(), length);
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
		line.getBytes(line.readerIndex(), bytes, 0, length);
		return this.codec.decode(bytes, 0, length);
	}

}
