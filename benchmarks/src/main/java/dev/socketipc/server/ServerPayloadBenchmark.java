package dev.socketipc.server;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.socketipc.protocol.WireCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The server's path for real payloads, as {@link ServerPathBenchmark} does for
 * {@code add}: {@code save(Item)} with a record of ten fields (strings, numbers, a list,
 * a timestamp) echoed back, and {@code get(id)} answering a document of about 100 KB of
 * JSON. Run with {@code -prof gc} for the bytes per call. Kept apart from
 * {@link ServerPathBenchmark}, whose figures the harness reports.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ServerPayloadBenchmark {

	/** A catalog item, about 400 bytes of JSON. */
	public record Item(String id, String sku, String name, String description, long priceCents, double rating,
			int quantity, boolean active, List<String> tags, Instant updatedAt) {
	}

	/** One section of a {@link Document}. */
	public record Section(String heading, String body, int order, List<String> refs) {
	}

	/** A document of about 100 KB of JSON. */
	public record Document(String id, String title, int version, Instant createdAt, List<String> tags,
			List<Section> sections) {
	}

	/** The service: {@code save} echoes its item, {@code get} answers one document. */
	public static class Catalog {

		private final Document document = document();

		public Item save(Item item) {
			return item;
		}

		public Document get(String id) {
			return this.document;
		}

	}

	static final Item ITEM = new Item("item-000042", "SKU-42-XL-BLUE", "Blue widget, extra large",
			"A sturdy blue widget for everyday use, with a brushed steel finish and a two-year warranty.", 129_900, 4.5,
			17, true, List.of("tools", "widgets", "blue", "sale"), Instant.parse("2026-11-30T12:34:56.789Z"));

	private EmbeddedChannel channel;

	private ByteBuf saveBytes;

	private ByteBuf save;

	private ByteBuf getBytes;

	private ByteBuf get;

	/** The answers expected, as text. */
	String saveAnswer;

	String getAnswer;

	static Document document() {
		List<Section> sections = new ArrayList<>();
		String sentence = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor. ";
		for (int i = 0; i < 220; i++) {
			sections
				.add(new Section("Section " + (i + 1), sentence.repeat(5), i, List.of("ref-" + i, "ref-" + (i + 1))));
		}
		return new Document("doc-1", "The catalog handbook", 3, Instant.parse("2026-11-30T08:00:00.125Z"),
				List.of("handbook", "catalog"), sections);
	}

	@Setup
	public void setUp() {
		WireCodec codec = WireCodec.create();
		ServiceRegistry registry = ServiceRegistry.of(List.of(ServiceDefinition.of("", new Catalog())), codec);
		ServerRuntime runtime = new ServerRuntime(registry, codec, Runnable::run,
				IpcServerBuilder.DEFAULT_MAX_IN_FLIGHT, IpcServerBuilder.DEFAULT_SHUTDOWN_TIMEOUT,
				IpcServerBuilder.DEFAULT_ERROR_DETAILS);
		this.channel = new EmbeddedChannel(ServerPipeline.lines(runtime, IpcServerBuilder.DEFAULT_MAX_LINE_LENGTH));
		ByteBuf register = this.channel.readOutbound();
		register.release();
		String item = codec.mapper().writeValueAsString(ITEM);
		this.saveAnswer = "{\"success\":true,\"rid\":1,\"data\":" + item + "}\n";
		this.getAnswer = "{\"success\":true,\"rid\":2,\"data\":" + codec.mapper().writeValueAsString(document())
				+ "}\n";
		this.saveBytes = request("{\"rid\":1,\"method\":\"save\",\"args\":[" + item + "]}\n");
		this.save = Unpooled.unreleasableBuffer(this.saveBytes);
		this.getBytes = request("{\"rid\":2,\"method\":\"get\",\"args\":[\"doc-1\"]}\n");
		this.get = Unpooled.unreleasableBuffer(this.getBytes);
		check(this.save, this.saveAnswer);
		check(this.get, this.getAnswer);
	}

	private static ByteBuf request(String line) {
		byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
		return Unpooled.directBuffer(bytes.length).writeBytes(bytes);
	}

	private void check(ByteBuf request, String expected) {
		String answer = callOnce(request);
		if (!expected.equals(answer)) {
			throw new IllegalStateException("the server path answered " + answer + " instead of " + expected);
		}
	}

	@TearDown
	public void tearDown() {
		this.channel.finishAndReleaseAll();
		this.saveBytes.release();
		this.getBytes.release();
	}

	private int call(ByteBuf request) {
		this.channel.writeInbound(request.duplicate());
		ByteBuf answer = this.channel.readOutbound();
		if (answer == null) {
			throw new IllegalStateException("the server path wrote no answer");
		}
		int length = answer.readableBytes();
		answer.release();
		return length;
	}

	/**
	 * {@code save(Item)}: the item bound from JSON, returned and written back.
	 * @return the answer's length
	 */
	@Benchmark
	public int saveItem() {
		return call(this.save);
	}

	/**
	 * {@code get(id)}: a 100 KB document written as the answer.
	 * @return the answer's length
	 */
	@Benchmark
	public int getDocument() {
		return call(this.get);
	}

	/** Makes one {@code save} call outside JMH, for a test. */
	String callSave() {
		return callOnce(this.save);
	}

	/** Makes one {@code get} call outside JMH, for a test. */
	String callGet() {
		return callOnce(this.get);
	}

	private String callOnce(ByteBuf request) {
		this.channel.writeInbound(request.duplicate());
		ByteBuf answer = this.channel.readOutbound();
		if (answer == null) {
			throw new IllegalStateException("the server path wrote no answer");
		}
		try {
			return answer.toString(StandardCharsets.UTF_8);
		}
		finally {
			answer.release();
		}
	}

}
