package dev.socketipc.server;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.socketipc.protocol.WireCodec;
import dev.socketipc.protocol.WireMessage;
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
 * The server's path for one {@code add(1,2,3,4,5)} call, without sockets: the request
 * line goes through the real pipeline ({@link ServerPipeline}: the line framer then
 * {@link ServerConnection}) in an {@link EmbeddedChannel}, the call runs on a direct
 * executor, and the encoded answer is read back and released. Run with {@code -prof gc}
 * for the bytes allocated per call ({@code gc.alloc.rate.norm}).
 *
 * <p>
 * It lives in {@code dev.socketipc.server} to reach the package-private
 * {@link ServerRuntime}, {@link ServiceRegistry} and {@link ServerPipeline}; the
 * benchmarks module is never on the library's class path.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ServerPathBenchmark {

	static final byte[] REQUEST = "{\"rid\":1,\"method\":\"add\",\"args\":[1,2,3,4,5]}\n"
		.getBytes(StandardCharsets.US_ASCII);

	static final String ANSWER = "{\"success\":true,\"rid\":1,\"data\":15}\n";

	private EmbeddedChannel channel;

	private ByteBuf requestBytes;

	private ByteBuf request;

	private WireCodec codec;

	/** The sample's service, as sample-server exposes it. */
	public static class Calculator {

		public int add(int... numbers) {
			int sum = 0;
			for (int number : numbers) {
				sum += number;
			}
			return sum;
		}

	}

	@Setup
	public void setUp() {
		this.codec = WireCodec.create();
		ServiceRegistry registry = ServiceRegistry.of(List.of(ServiceDefinition.of("", new Calculator())), this.codec);
		ServerRuntime runtime = new ServerRuntime(registry, this.codec, Runnable::run,
				IpcServerBuilder.DEFAULT_MAX_IN_FLIGHT, IpcServerBuilder.DEFAULT_SHUTDOWN_TIMEOUT,
				IpcServerBuilder.DEFAULT_ERROR_DETAILS);
		int maxLineLength = IpcServerBuilder.DEFAULT_MAX_LINE_LENGTH;
		this.channel = new EmbeddedChannel(ServerPipeline.lines(runtime, maxLineLength));
		ByteBuf register = this.channel.readOutbound();
		register.release();
		// Direct, like a socket read buffer; each call reads a duplicate, which the
		// decoder's release cannot free.
		this.requestBytes = Unpooled.directBuffer(REQUEST.length).writeBytes(REQUEST);
		this.request = Unpooled.unreleasableBuffer(this.requestBytes);
		ByteBuf answer = call();
		try {
			String text = answer.toString(StandardCharsets.UTF_8);
			if (!ANSWER.equals(text)) {
				throw new IllegalStateException("the server path answered " + text + " instead of " + ANSWER);
			}
		}
		finally {
			answer.release();
		}
	}

	@TearDown
	public void tearDown() {
		this.channel.finishAndReleaseAll();
		this.requestBytes.release();
	}

	private ByteBuf call() {
		this.channel.writeInbound(this.request.duplicate());
		ByteBuf answer = this.channel.readOutbound();
		if (answer == null) {
			throw new IllegalStateException("the server path wrote no answer");
		}
		return answer;
	}

	/**
	 * One call through the whole server path.
	 * @return the answer's length, so that nothing is optimized away
	 */
	@Benchmark
	public int serverPath() {
		ByteBuf answer = call();
		int length = answer.readableBytes();
		answer.release();
		return length;
	}

	/**
	 * The codec's share: decoding the request line.
	 * @return the decoded message
	 */
	@Benchmark
	public WireMessage decode() {
		return this.codec.decode(REQUEST, 0, REQUEST.length - 1);
	}

	/**
	 * The codec's share: encoding the answer.
	 * @return the answer's length
	 */
	@Benchmark
	public int encodeSuccess() {
		ByteBuf answer = this.codec.encodeSuccess(ByteBufAllocator.DEFAULT, 1L, 15);
		int length = answer.readableBytes();
		answer.release();
		return length;
	}

	/**
	 * Makes one call outside JMH, for a test that the benchmark really exercises the
	 * path.
	 * @return the answer line
	 */
	String callOnce() {
		ByteBuf answer = call();
		try {
			return answer.toString(StandardCharsets.UTF_8);
		}
		finally {
			answer.release();
		}
	}

}
