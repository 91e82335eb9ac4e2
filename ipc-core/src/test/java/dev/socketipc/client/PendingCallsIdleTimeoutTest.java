package dev.socketipc.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.socketipc.protocol.RawJson;
import dev.socketipc.protocol.WireCodec;
import dev.socketipc.protocol.WireMessage;
import dev.socketipc.transport.IpcAddress;
import io.netty.util.Timeout;
import io.netty.util.Timer;
import io.netty.util.TimerTask;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A streaming call's idle timeout, on a timer the test fires by hand: items only record
 * when they came (one timer task per call, not one per item); a firing timer runs again
 * for the rest of the timeout when an item came meanwhile and times the call out when
 * none did; a call that ended is never re-armed.
 */
class PendingCallsIdleTimeoutTest {

	private final ManualTimer timer = new ManualTimer();

	private final PendingCalls calls = new PendingCalls(IpcAddress.parse("tcp://127.0.0.1:1"), () -> null, this.timer);

	private final List<RawJson> items = new CopyOnWriteArrayList<>();

	@Test
	void itemsDoNotScheduleATimerTaskEach() {
		PendingCalls.Call call = streamingCall(Duration.ofHours(1));
		for (int i = 0; i < 100; i++) {
			this.calls.next(new WireMessage.Next(1L, null));
		}
		assertThat(this.items).hasSize(100);
		assertThat(this.timer.scheduled).hasSize(1);
		assertThat(call.result).isNotDone();
	}

	@Test
	void aTimerFiringAfterAnItemRunsAgainForTheRestAndTheCallGoesOn() throws Exception {
		PendingCalls.Call call = streamingCall(Duration.ofHours(1));
		this.calls.next(new WireMessage.Next(1L, null));
		this.timer.fire(0);
		assertThat(call.result).isNotDone();
		assertThat(this.timer.scheduled).hasSize(2);
		assertThat(this.timer.scheduled.get(1).delayNanos).isPositive()
			.isLessThanOrEqualTo(Duration.ofHours(1).toNanos());
	}

	@Test
	void aTimerFiringWithoutAnItemForTheWholeTimeoutTimesTheCallOut() throws Exception {
		PendingCalls.Call call = streamingCall(Duration.ofNanos(1));
		this.calls.next(new WireMessage.Next(1L, null));
		await1ns();
		this.timer.fire(0);
		assertThat(call.result).isCompletedExceptionally();
		assertThat(this.timer.scheduled).hasSize(1);
	}

	@Test
	void aCallThatEndedIsNeverReArmedAndItsTimerIsCancelled() throws Exception {
		PendingCalls.Call call = streamingCall(Duration.ofHours(1));
		this.calls.next(new WireMessage.Next(1L, null));
		this.calls.answer(new WireMessage.Answer(1L, true, null, null, null));
		assertThat(call.result).isCompleted();
		assertThat(this.timer.scheduled.get(0).cancelled).isTrue();
		this.timer.fire(0);
		assertThat(this.timer.scheduled).hasSize(1);
	}

	private PendingCalls.Call streamingCall(Duration timeout) {
		ClientMethod method = ClientMethod.adHoc("count", WireCodec.create().mapper().constructType(Integer.class),
				timeout, false, WireCodec.create());
		PendingCalls.Call call = this.calls.start(method, new Object[0], Map.of(), this.items::add,
				method.deadlineFromNow());
		assertThat(this.calls.sent(this.calls.nextRid(), call)).isTrue();
		return call;
	}

	/** Lets System.nanoTime() move past a 1 ns timeout. */
	private static void await1ns() {
		long start = System.nanoTime();
		while (System.nanoTime() - start < 2) {
			Thread.onSpinWait();
		}
	}

	/** Records the tasks scheduled; the test runs them. */
	static final class ManualTimer implements Timer {

		final List<Task> scheduled = new CopyOnWriteArrayList<>();

		@Override
		public Timeout newTimeout(TimerTask task, long delay, TimeUnit unit) {
			Task timeout = new Task(this, task, unit.toNanos(delay));
			this.scheduled.add(timeout);
			return timeout;
		}

		void fire(int index) throws Exception {
			Task task = this.scheduled.get(index);
			task.task.run(task);
		}

		@Override
		public Set<Timeout> stop() {
			return Set.of();
		}

	}

	static final class Task implements Timeout {

		private final Timer timer;

		final TimerTask task;

		final long delayNanos;

		volatile boolean cancelled;

		Task(Timer timer, TimerTask task, long delayNanos) {
			this.timer = timer;
			this.task = task;
			this.delayNanos = delayNanos;
		}

		@Override
		public Timer timer() {
			return this.timer;
		}

		@Override
		public TimerTask task() {
			return this.task;
		}

		@Override
		public boolean isExpired() {
			return false;
		}

		@Override
		public boolean isCancelled() {
			return this.cancelled;
		}

		@Override
		public boolean cancel() {
			this.cancelled = true;
			return true;
		}

	}

}
