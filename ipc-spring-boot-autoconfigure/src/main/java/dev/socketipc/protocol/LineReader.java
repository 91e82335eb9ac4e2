package dev.socketipc.protocol;

import io.netty.buffer.ByteBuf;

/**
 * Decodes the lines of one connection from Netty buffers: a heap buffer is parsed in place, a direct one is copied
 * into an array that is reused for every line (growing to the longest line seen). Not thread-safe: one reader per
 * connection, used on its event loop.
 */
public final class LineReader {

	private final WireCodec codec;

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
		if (this.scratch.length < length) {
			this.scratch = new byte[Math.max(length, this.scratch.length * 2)];
		}
		line.getBytes(line.readerIndex(), this.scratch, 0, length);
		return this.codec.decode(this.scratch, 0, length);
	}

}
