package dev.socketipc.sample.server;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@code count(n)}: 1..n, lazily, and a message the caller can read for a negative n.
 */
class CountServiceTest {

	private final CountService service = new CountService();

	@Test
	void countsFromOneToN() {
		assertThat(this.service.count(3)).containsExactly(1, 2, 3);
		assertThat(this.service.count(0)).isEmpty();
	}

	@Test
	void producesNothingAheadOfItsReader() {
		assertThat(this.service.count(Integer.MAX_VALUE).limit(2)).containsExactly(1, 2);
	}

	@Test
	void refusesANegativeCount() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.service.count(-1))
			.withMessage("count(n) needs n >= 0, not -1");
	}

}
