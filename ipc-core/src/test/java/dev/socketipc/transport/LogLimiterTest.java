package dev.socketipc.transport;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LogLimiterTest {

	private final AtomicLong now = new AtomicLong(1_000);

	private final LogLimiter limiter = new LogLimiter(Duration.ofSeconds(1), this.now::get);

	@Test
	void firstMessagePassesAndTheRestOfTheIntervalIsCountedThenReported() {
		assertThat(this.limiter.tryAcquire()).isZero();
		for (int i = 0; i < 1000; i++) {
			this.now.addAndGet(900_000);
			assertThat(this.limiter.tryAcquire()).isEqualTo(-1);
		}
		this.now.addAndGet(Duration.ofSeconds(1).toNanos());
		assertThat(this.limiter.tryAcquire()).isEqualTo(1000);
		assertThat(this.limiter.tryAcquire()).isEqualTo(-1);
	}

	@Test
	void oneMessagePassesPerIntervalWhateverTheClockValue() {
		this.now.set(Long.MAX_VALUE - 10);
		assertThat(this.limiter.tryAcquire()).isZero();
		this.now.addAndGet(Duration.ofMillis(999).toNanos());
		assertThat(this.limiter.tryAcquire()).isEqualTo(-1);
		this.now.addAndGet(Duration.ofMillis(1).toNanos());
		assertThat(this.limiter.tryAcquire()).isEqualTo(1);
	}

	@Test
	void intervalMustBePositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> new LogLimiter(Duration.ZERO))
			.withMessageContaining("interval must be positive");
	}

}
