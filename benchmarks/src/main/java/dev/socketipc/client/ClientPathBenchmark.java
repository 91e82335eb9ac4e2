package dev.socketipc.client;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.socketipc.protocol.WireCodec;
import dev.socketipc.protocol.WireMessage;
import dev.socketipc.transport.IpcAddress;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
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
 * The client's path for one {@code add(1,2,3,4,5)} call, without sockets: a proxy made by
 * {@link IpcClientFactory} calls through a real {@link IpcConnection} whose channel is an
 * {@link EmbeddedChannel} with the real client pipeline (the server's {@code register}
 * fed first). Per call: the proxy, {@link ClientMethod}, {@link PendingCalls} and
 * {@link CallWriter} encode and queue the request, the embedded loop writes it, the
 * request is read back and its rid echoed in an answer line fed to the pipeline, whose
 * decoding completes the call's future. Run with {@code -prof gc} for the bytes allocated
 * per call ({@code gc.alloc.rate.norm}).
 *
 * <p>
 * It lives in {@code dev.socketipc.client} to reach the connection's package-private
 * channel initializer; the benchmarks module is never on the library's class path.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ClientPathBenchmark {

	static final String REGISTER = "{\"action\":\"register\",\"methods\":[\"add\"],\"protocol\":1,"
			+ "\"features\":[\"meta\",\"stream\",\"events\"]}\n";

	static final byte[] ANSWER = "{\"success\":true,\"rid\":1,\"data\":15}\n".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] ANSWER_HEAD = "{\"success\":true,\"rid\":".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] ANSWER_TAIL = ",\"data\":15}\n".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] RID_KEY = "\"rid\":".getBytes(StandardCharsets.US_ASCII);

	/** The sample's service, as a client sees it. */
	public interface Calculator {

		CompletableFuture<Integer> add(int... numbers);

	}

	private IpcConnection connection;

	private EmbeddedChannel channel;

	private Calculator calculator;

	private WireCodec codec;

	/** Where each answer line is written, direct like a socket read buffer. */
	private ByteBuf answerBytes;

	private ByteBuf answer;

	private final Object[] requestArgs = { 1, 2, 3, 4, 5 };

	@Setup
	public void setUp() {
		this.codec = WireCodec.create();
		this.connection = IpcConnection.builder(IpcAddress.parse("local:client-path-benchmark"))
			.codec(this.codec)
			.build();
		this.channel = new EmbeddedChannel(this.connection.channelInitializer());
		this.channel.writeInbound(Unpooled.copiedBuffer(REGISTER, StandardCharsets.US_ASCII));
		if (!this.connection.isReady()) {
			throw new IllegalStateException("the connection did not take the register line");
		}
		this.calculator = IpcClientFactory.create(Calculator.class, this.connection, ClientOptions.defaults());
		this.answerBytes = Unpooled.directBuffer(64);
		this.answer = Unpooled.unreleasableBuffer(this.answerBytes);
		int sum = clientPath();
		if (sum != 15) {
			throw new IllegalStateException("the client path returned " + sum + " instead of 15");
		}
	}

	@TearDown
	public void tearDown() {
		this.connection.close();
		this.channel.finishAndReleaseAll();
		this.answerBytes.release();
	}

	/**
	 * One call through the whole client path, proxy to completed future.
	 * @return the sum the call returned
	 */
	@Benchmark
	public int clientPath() {
		CompletableFuture<Integer> result = this.calculator.add(1, 2, 3, 4, 5);
		this.channel.runPendingTasks();
		ByteBuf request = this.channel.readOutbound();
		if (request == null) {
			throw new IllegalStateException("the client path wrote no request");
		}
		long rid;
		try {
			rid = rid(request);
		}
		finally {
			request.release();
		}
		this.answerBytes.clear().writeBytes(ANSWER_HEAD);
		writeDigits(this.answerBytes, rid);
		this.answerBytes.writeBytes(ANSWER_TAIL);
		this.channel.writeInbound(this.answer.duplicate());
		return result.join();
	}

	/**
	 * The codec's share: decoding the answer line.
	 * @return the decoded message
	 */
	@Benchmark
	public WireMessage decodeAnswer() {
		return this.codec.decode(ANSWER, 0, ANSWER.length - 1);
	}

	/**
	 * The codec's share: encoding the request.
	 * @return the request's length
	 */
	@Benchmark
	public int encodeRequest() {
		ByteBuf request = this.codec.encodeRequest(ByteBufAllocator.DEFAULT, 1L, "add", this.requestArgs);
		int length = request.readableBytes();
		request.release();
		return length;
	}

	/** Reads the rid of a request line, which the client writes first. */
	private static long rid(ByteBuf request) {
		int at = request.readerIndex();
		for (int i = 0; i < RID_KEY.length; i++) {
			if (request.getByte(at + 1 + i) != RID_KEY[i]) {
				throw new IllegalStateException(
						"the request does not start with its rid: " + request.toString(StandardCharsets.UTF_8));
			}
		}
		long rid = 0;
		for (int i = at + 1 + RID_KEY.length; i < request.writerIndex(); i++) {
			byte b = request.getByte(i);
			if (b < '0' || b > '9') {
				break;
			}
			rid = rid * 10 + (b - '0');
		}
		return rid;
	}

	private static void writeDigits(ByteBuf buf, long value) {
		long divisor = 1;
		while (value / divisor >= 10) {
			divisor *= 10;
		}
		for (; divisor > 0; divisor /= 10) {
			buf.writeByte((int) ('0' + (value / divisor) % 10));
		}
	}

	/**
	 * Makes one request outside JMH and returns its line, for a test that the benchmark
	 * writes what a server would read.
	 * @return the request line
	 */
	String requestOnce() {
		CompletableFuture<Integer> result = this.calculator.add(1, 2, 3, 4, 5);
		this.channel.runPendingTasks();
		ByteBuf request = this.channel.readOutbound();
		try {
			result.cancel(false);
			return request.toString(StandardCharsets.UTF_8);
		}
		finally {
			request.release();
		}
	}

}
