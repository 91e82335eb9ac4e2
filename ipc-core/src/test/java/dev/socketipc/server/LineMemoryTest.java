package dev.socketipc.server;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.socketipc.protocol.WireCodec;
import dev.socketipc.protocol.WireMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JavaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Memory a line costs: nothing kept after it on an idle connection (issue 8.14), and a
 * small multiple of its size while it is decoded and bound, on the server's path and the
 * client's (8.15).
 */
class LineMemoryTest {

	private static final int MIB = 1024 * 1024;

	private static final int BIG = 900 * 1024;

	@Test
	void idleConnectionsKeepNoBufferAsLargeAsTheirLongestLine() {
		MemoryService service = new MemoryService();
		List<HostilePipeline> pipelines = new ArrayList<>();
		try {
			for (int i = 0; i < 100; i++) {
				pipelines.add(HostilePipeline.open(2 * MIB, service));
			}
			byte[] line = ("{\"rid\":1,\"method\":\"size\",\"args\":[\"" + "x".repeat(BIG) + "\"]}\n")
				.getBytes(StandardCharsets.US_ASCII);
			long before = usedHeapAfterGc();
			for (int i = 0; i < pipelines.size(); i++) {
				HostilePipeline pipeline = pipelines.get(i);
				if (i % 2 == 0) {
					// direct, as a socket read gives it: copied out of the buffer to be
					// parsed
					ByteBuf direct = Unpooled.directBuffer(line.length).writeBytes(line);
					pipeline.channel().writeInbound(direct);
				}
				else {
					// heap, in socket-sized pieces: the framer accumulates them
					List<Object> pieces = new ArrayList<>();
					for (int offset = 0; offset < line.length; offset += 64 * 1024) {
						pieces.add(Unpooled.wrappedBuffer(line, offset, Math.min(64 * 1024, line.length - offset)));
					}
					pipeline.channel().writeInbound(pieces.toArray());
				}
				assertThat(HostilePipeline.text(HostilePipeline.drain(pipeline.channel())))
					.containsExactly("{\"success\":true,\"rid\":1,\"data\":" + BIG + "}\n");
			}
			long retained = usedHeapAfterGc() - before;

			// before: each reader kept a 900 KB array, +86 MB for 100 connections
			assertThat(retained).as("heap kept by 100 idle connections after a 900 KB line each").isLessThan(8L * MIB);
			assertThat(pipelines).allMatch(HostilePipeline::isOpen);
		}
		finally {
			pipelines.forEach(HostilePipeline::close);
		}
	}

	/**
	 * Beyond what Jackson itself allocates to bind the same value from its bytes, the
	 * server's path allocates at most the line's size a few times: the copy out of the
	 * direct buffer, the copy of {@code args}, and the duplicate-key check (a hash set
	 * per object of three keys or more, the worst case here). A JsonNode tree, then a
	 * second conversion, cost about 10 times the line on top.
	 */
	@Test
	void aRequestLineCostsASmallMultipleOfItsSizeOnTheServer() {
		MemoryService service = new MemoryService();
		String items = items(40_000);
		byte[] line = ("{\"rid\":1,\"method\":\"items\",\"args\":[" + items + "]}\n")
			.getBytes(StandardCharsets.US_ASCII);
		WireCodec codec = WireCodec.create();
		JavaType type = codec.mapper().getTypeFactory().constructCollectionType(List.class, Item.class);
		try (HostilePipeline pipeline = HostilePipeline.open(4 * MIB, service)) {
			// warm up: classes, deserializers and the thread's Jackson buffers
			feedDirect(pipeline, line);
			long jackson = jacksonAlone(codec, items, type);
			long allocated = allocatedBytes();
			List<String> answer = feedDirect(pipeline, line);
			allocated = allocatedBytes() - allocated;

			assertThat(answer).containsExactly("{\"success\":true,\"rid\":1,\"data\":40000}\n");
			assertThat(allocated - jackson).as("bytes allocated beyond Jackson's own for a %d-byte line", line.length)
				.isLessThan(8L * line.length);
		}
	}

	@Test
	void anAnswerLineCostsASmallMultipleOfItsSizeOnTheClient() {
		WireCodec codec = WireCodec.create();
		JavaType type = codec.mapper().getTypeFactory().constructCollectionType(List.class, Item.class);
		String items = items(40_000);
		byte[] line = ("{\"success\":true,\"rid\":1,\"data\":" + items + "}").getBytes(StandardCharsets.US_ASCII);
		assertThat(decodeAndBind(codec, line, type)).hasSize(40_000);
		long jackson = jacksonAlone(codec, items, type);
		long allocated = allocatedBytes();
		List<?> bound = decodeAndBind(codec, line, type);
		allocated = allocatedBytes() - allocated;

		assertThat(bound).hasSize(40_000).first().isEqualTo(new Item(0, "n0", 0.5));
		assertThat(allocated - jackson).as("bytes allocated beyond Jackson's own for a %d-byte line", line.length)
			.isLessThan(7L * line.length);
	}

	@Test
	void anAnswerOfScalarsCostsItsSizeOnceBeyondJackson() {
		WireCodec codec = WireCodec.create();
		JavaType type = codec.mapper().getTypeFactory().constructCollectionType(List.class, Integer.class);
		StringBuilder numbers = new StringBuilder("[");
		for (int i = 0; i < 300_000; i++) {
			numbers.append((i > 0) ? "," : "").append(i);
		}
		String data = numbers.append(']').toString();
		byte[] line = ("{\"success\":true,\"rid\":1,\"data\":" + data + "}").getBytes(StandardCharsets.US_ASCII);
		decodeAndBind(codec, line, type);
		long jackson = jacksonAlone(codec, data, type);
		long allocated = allocatedBytes();
		List<?> bound = decodeAndBind(codec, line, type);
		allocated = allocatedBytes() - allocated;

		assertThat(bound).hasSize(300_000);
		assertThat(allocated - jackson).as("bytes allocated beyond Jackson's own for a %d-byte line", line.length)
			.isLessThan(2L * line.length);
	}

	/**
	 * What the wire mapper alone allocates to bind the value from its bytes, measured
	 * after a warm-up.
	 */
	private static long jacksonAlone(WireCodec codec, String value, JavaType type) {
		byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
		codec.mapper().readValue(bytes, type);
		long allocated = allocatedBytes();
		codec.mapper().readValue(bytes, type);
		return allocatedBytes() - allocated;
	}

	private static List<?> decodeAndBind(WireCodec codec, byte[] line, JavaType type) {
		WireMessage.Answer message = (WireMessage.Answer) codec.decode(line, 0, line.length);
		return (List<?>) codec.convert(message.data(), type);
	}

	private static List<String> feedDirect(HostilePipeline pipeline, byte[] line) {
		pipeline.channel().writeInbound(Unpooled.directBuffer(line.length).writeBytes(line));
		return HostilePipeline.text(HostilePipeline.drain(pipeline.channel()));
	}

	/** A JSON array of small objects, the shape that cost most as a tree. */
	private static String items(int count) {
		StringBuilder json = new StringBuilder("[");
		for (int i = 0; i < count; i++) {
			json.append((i > 0) ? "," : "")
				.append("{\"id\":")
				.append(i)
				.append(",\"name\":\"n")
				.append(i)
				.append("\",\"weight\":")
				.append(i)
				.append(".5}");
		}
		return json.append(']').toString();
	}

	private static long allocatedBytes() {
		return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
	}

	private static long usedHeapAfterGc() {
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	public record Item(int id, String name, double weight) {
	}

	public static final class MemoryService {

		public int size(String text) {
			return text.length();
		}

		public int items(List<Item> items) {
			return items.size();
		}

	}

}
