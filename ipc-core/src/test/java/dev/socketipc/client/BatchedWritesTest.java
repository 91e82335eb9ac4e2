package dev.socketipc.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import dev.socketipc.protocol.WireCodec;
import dev.socketipc.transport.IpcAddress;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A call started on the event loop while its handler reads a burst of lines (an async
 * chain's next call) is written at once, without a task, and flushed at the burst's end;
 * it never overtakes a write queued before it.
 */
class BatchedWritesTest {

	private final PendingCalls calls = new PendingCalls(IpcAddress.parse("tcp://127.0.0.1:1"), () -> null);

	private final EmbeddedChannel channel = new EmbeddedChannel();

	private final ClientMethod method = ClientMethod.adHoc("add", WireCodec.create().mapper().constructType(int.class),
			Duration.ofMinutes(5), false, WireCodec.create());

	BatchedWritesTest() {
		BatchedWrites.install(this.channel, this.calls);
	}

	@AfterEach
	void close() {
		this.calls.failSent("the test ended");
		this.channel.finishAndReleaseAll();
	}

	private PendingCalls.Call sentCall() {
		PendingCalls.Call call = this.calls.start(this.method, new Object[0], Map.of());
		assertThat(this.calls.sent(this.calls.nextRid(), call)).isTrue();
		return call;
	}

	private static ByteBuf line(String text) {
		return Unpooled.copiedBuffer(text + "\n", StandardCharsets.UTF_8);
	}

	private String nextWritten() {
		ByteBuf written = this.channel.readOutbound();
		if (written == null) {
			return null;
		}
		try {
			return written.toString(StandardCharsets.UTF_8).trim();
		}
		finally {
			written.release();
		}
	}

	@Test
	void callStartedWhileReadingIsWrittenWithoutATaskAndFlushedAtTheBurstsEnd() {
		BatchedWrites.readStarted(this.channel);
		BatchedWrites.write(this.channel, line("first"), sentCall());
		BatchedWrites.write(this.channel, line("second"), sentCall());
		assertThat(this.channel.hasPendingTasks()).isFalse();
		assertThat(nextWritten()).isNull();
		BatchedWrites.readEnded(this.channel);
		assertThat(nextWritten()).isEqualTo("first");
		assertThat(nextWritten()).isEqualTo("second");
	}

	@Test
	void callStartedWhileReadingNeverOvertakesAQueuedWrite() {
		BatchedWrites.write(this.channel, line("queued"), sentCall());
		BatchedWrites.readStarted(this.channel);
		BatchedWrites.write(this.channel, line("cancel"));
		BatchedWrites.readEnded(this.channel);
		this.channel.runPendingTasks();
		assertThat(nextWritten()).isEqualTo("queued");
		assertThat(nextWritten()).isEqualTo("cancel");
	}

	@Test
	void callStartedOutsideAReadIsQueued() {
		BatchedWrites.write(this.channel, line("queued"), sentCall());
		assertThat(this.channel.hasPendingTasks()).isTrue();
		this.channel.runPendingTasks();
		assertThat(nextWritten()).isEqualTo("queued");
	}

}
