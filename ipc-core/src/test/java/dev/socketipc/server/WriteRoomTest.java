package dev.socketipc.server;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A writer that stopped for room resumes in a task of its own, even when the socket took
 * everything at once: it never resumes on the stack it stopped on. In an
 * {@link EmbeddedChannel}, whose flushes complete at once and whose tasks run when the
 * test says so.
 */
class WriteRoomTest {

	private final EmbeddedChannel channel = new EmbeddedChannel(new ChannelInboundHandlerAdapter());

	@AfterEach
	void close() {
		this.channel.finishAndReleaseAll();
	}

	private ChannelHandlerContext context() {
		return this.channel.pipeline().firstContext();
	}

	@Test
	void resumeRunsAsATaskEvenWhenTheFlushIsAlreadyDone() {
		AtomicBoolean resumed = new AtomicBoolean();

		WriteRoom.flushThen(context(), () -> resumed.set(true));

		assertThat(resumed).as("resumed on the stack of flushThen").isFalse();
		this.channel.runPendingTasks();
		assertThat(resumed).isTrue();
	}

	@Test
	void manyEventsThroughATinyHighWaterMarkAllArriveInOrder() {
		this.channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(8, 64));
		int count = 10_000;
		EventOutbox outbox = new EventOutbox(context(), IpcPeer.of(this.channel), count, EventOverflow.DROP_NEWEST,
				new IpcServerStatistics());
		for (int i = 0; i < count; i++) {
			assertThat(outbox.offer(Unpooled.copiedBuffer(i + "\n", StandardCharsets.US_ASCII))).isTrue();
		}

		for (int round = 0; round < count && outbox.queued() > 0; round++) {
			this.channel.runPendingTasks();
		}

		assertThat(outbox.queued()).isZero();
		int next = 0; // the empty buffers between the lines are the flushes a drain
						// waited on
		for (ByteBuf line = this.channel.readOutbound(); line != null; line = this.channel.readOutbound()) {
			if (line.isReadable()) {
				assertThat(line.toString(StandardCharsets.US_ASCII)).isEqualTo(next++ + "\n");
			}
			line.release();
		}
		assertThat(next).isEqualTo(count);
	}

}
