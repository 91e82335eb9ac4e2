package dev.socketipc.server;

import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.socketipc.protocol.WireCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

/**
 * The server pipeline ({@link ServerPipeline}: the line framer then
 * {@link ServerConnection}) in an {@link EmbeddedChannel}, calls run directly on the test
 * thread, for the hostile-input tests: feeds raw bytes and hands back the raw bytes of
 * every line written, each buffer released.
 */
final class HostilePipeline implements AutoCloseable {

	private final EmbeddedChannel channel;

	private final byte[] register;

	private HostilePipeline(EmbeddedChannel channel, byte[] register) {
		this.channel = channel;
		this.register = register;
	}

	/**
	 * Opens a pipeline over the given services and reads the register line the server
	 * writes first.
	 * @param maxLineLength the framer's limit
	 * @param services the objects whose public methods are exposed with bare names
	 */
	static HostilePipeline open(int maxLineLength, Object... services) {
		return open(WireCodec.create(), maxLineLength, services);
	}

	static HostilePipeline open(WireCodec codec, int maxLineLength, Object... services) {
		List<ServiceDefinition> definitions = new ArrayList<>();
		for (Object service : services) {
			definitions.add(ServiceDefinition.of("", service));
		}
		ServiceRegistry registry = ServiceRegistry.of(definitions, codec);
		ServerRuntime runtime = new ServerRuntime(registry, codec, Runnable::run, 16, Duration.ofSeconds(30),
				ErrorDetails.MESSAGE);
		EmbeddedChannel channel = new EmbeddedChannel(ServerPipeline.lines(runtime, maxLineLength));
		List<byte[]> first = drain(channel);
		if (first.size() != 1) {
			channel.finishAndReleaseAll();
			throw new AssertionError("expected the register line alone, got " + first.size() + " line(s)");
		}
		return new HostilePipeline(channel, first.get(0));
	}

	EmbeddedChannel channel() {
		return this.channel;
	}

	/** The register line, as written. */
	byte[] register() {
		return this.register.clone();
	}

	/**
	 * Writes the chunks as one read batch (one {@code channelReadComplete} after the
	 * last), then returns every line written since the last call. Rethrows any exception
	 * that reached the end of the pipeline.
	 */
	List<byte[]> feed(byte[]... chunks) {
		Object[] buffers = new Object[chunks.length];
		for (int i = 0; i < chunks.length; i++) {
			buffers[i] = Unpooled.wrappedBuffer(chunks[i]);
		}
		this.channel.writeInbound(buffers);
		this.channel.checkException();
		return drain(this.channel);
	}

	/** Feeds the text as UTF-8 in one read and returns the lines written, as text. */
	List<String> feedText(String text) {
		return text(feed(text.getBytes(StandardCharsets.UTF_8)));
	}

	/** Sends one line (a {@code \n} is added) and returns the lines written, as text. */
	List<String> send(String line) {
		return feedText(line + "\n");
	}

	boolean isOpen() {
		return this.channel.isOpen();
	}

	static List<String> text(List<byte[]> lines) {
		List<String> text = new ArrayList<>(lines.size());
		for (byte[] line : lines) {
			text.add(new String(line, StandardCharsets.UTF_8));
		}
		return text;
	}

	/**
	 * Runs pending tasks, then reads and releases every outbound buffer, and cuts what
	 * they hold into lines, each with its {@code \n}: the server writes the answers of
	 * one read as one buffer. Bytes after the last newline of a buffer (which the server
	 * must never write) come back as a line of their own, without one.
	 */
	static List<byte[]> drain(EmbeddedChannel channel) {
		channel.runPendingTasks();
		List<byte[]> lines = new ArrayList<>();
		ByteBuf buffer;
		while ((buffer = channel.readOutbound()) != null) {
			try {
				lines.addAll(lines(ByteBufUtil.getBytes(buffer)));
			}
			finally {
				buffer.release();
			}
		}
		return lines;
	}

	/** Cuts bytes after each newline; a tail without one is a line of its own. */
	static List<byte[]> lines(byte[] bytes) {
		List<byte[]> lines = new ArrayList<>();
		int start = 0;
		for (int i = 0; i < bytes.length; i++) {
			if (bytes[i] == '\n') {
				lines.add(Arrays.copyOfRange(bytes, start, i + 1));
				start = i + 1;
			}
		}
		if (start < bytes.length) {
			lines.add(Arrays.copyOfRange(bytes, start, bytes.length));
		}
		return lines;
	}

	@Override
	public void close() {
		this.channel.finishAndReleaseAll();
	}

}
