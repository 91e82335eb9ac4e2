package dev.socketipc.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.socketipc.protocol.WireCodec;
import dev.socketipc.transport.IpcAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * A synchronous caller spins for its answer only while the connection has at most its
 * call in flight and the JVM's spinner budget has room, and stops as soon as the answer
 * comes. The spins here never end on their own, so a guard that fails hangs the test
 * until its timeout.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SpinWaitTest {

	private final PendingCalls calls = new PendingCalls(IpcAddress.parse("tcp://127.0.0.1:1"), () -> null);

	private final SpinWait endless = new SpinWait(Long.MAX_VALUE, this.calls);

	private final List<CompletableFuture<Object>> awaited = new ArrayList<>();

	private final List<Thread> spinners = new ArrayList<>();

	@AfterEach
	void endSpins() throws InterruptedException {
		this.awaited.forEach((result) -> result.complete(null));
		for (Thread spinner : this.spinners) {
			spinner.join();
		}
		assertThat(SpinWait.spinners()).isZero();
	}

	private CompletableFuture<Object> spinInBackground() {
		CompletableFuture<Object> result = new CompletableFuture<>();
		this.awaited.add(result);
		Thread spinner = new Thread(() -> this.endless.spin(result), "spinner-" + this.spinners.size());
		this.spinners.add(spinner);
		spinner.start();
		return result;
	}

	@Test
	void spinEndsWhenTheAnswerComes() throws InterruptedException {
		CompletableFuture<Object> result = spinInBackground();
		await().until(() -> SpinWait.spinners() == 1);
		result.complete(15);
		this.spinners.get(0).join();
		assertThat(SpinWait.spinners()).isZero();
	}

	@Test
	void callerBeyondTheSpinnerBudgetParksAtOnce() {
		for (int i = 0; i < SpinWait.BUDGET; i++) {
			spinInBackground();
		}
		await().until(() -> SpinWait.spinners() == SpinWait.BUDGET);
		CompletableFuture<Object> late = new CompletableFuture<>();
		this.endless.spin(late);
		assertThat(late).isNotDone();
		assertThat(SpinWait.spinners()).isEqualTo(SpinWait.BUDGET);
	}

	@Test
	void callerOfABusyConnectionParksAtOnce() {
		ClientMethod method = ClientMethod.adHoc("add", WireCodec.create().mapper().constructType(int.class),
				Duration.ofMinutes(5), false, WireCodec.create());
		for (int i = 0; i < 2; i++) {
			PendingCalls.Call call = this.calls.start(method, new Object[0], Map.of());
			this.awaited.add(call.result);
			assertThat(this.calls.sent(this.calls.nextRid(), call)).isTrue();
		}
		PendingCalls.Call second = this.calls.start(method, new Object[0], Map.of());
		this.endless.spin(second.result);
		assertThat(second.result).isNotDone();
		assertThat(SpinWait.spinners()).isZero();
		PendingCalls.fail(second, new IpcException("the test ended", null));
		this.calls.failSent("the test ended");
	}

	@Test
	void spinLongerThanAMillisecondOrNegativeIsRefusedNamingTheSetting() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> IpcConnection.builder(IpcAddress.parse("local:x")).spinWait(Duration.ofMillis(2)))
			.withMessage("spin-wait must be between 0 (no spin) and 1ms, got 2ms");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> IpcConnection.builder(IpcAddress.parse("local:x")).spinWait(Duration.ofNanos(-1)))
			.withMessageStartingWith("spin-wait must be between 0 (no spin) and 1ms, got ");
		assertThat(SpinWait.of(Duration.ZERO, this.calls)).isSameAs(SpinWait.NONE);
	}

}
