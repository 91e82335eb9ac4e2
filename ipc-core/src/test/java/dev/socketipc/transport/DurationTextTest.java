package dev.socketipc.transport;

import java.time.Duration;
import java.util.Map;

import dev.socketipc.client.ClientOptions;
import dev.socketipc.client.ReconnectBackoff;
import dev.socketipc.server.IpcServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Durations in messages read as configuration spells them ({@code 1s}), never as ISO-8601
 * ({@code PT1S}).
 */
class DurationTextTest {

	@Test
	void usesTheLargestUnitThatHoldsTheDurationExactly() {
		assertThat(DurationText.format(Duration.ofSeconds(1))).isEqualTo("1s");
		assertThat(DurationText.format(Duration.ofSeconds(90))).isEqualTo("90s");
		assertThat(DurationText.format(Duration.ofMinutes(5))).isEqualTo("5m");
		assertThat(DurationText.format(Duration.ofHours(2))).isEqualTo("2h");
		assertThat(DurationText.format(Duration.ofDays(1))).isEqualTo("1d");
		assertThat(DurationText.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
		assertThat(DurationText.format(Duration.ofNanos(1500))).isEqualTo("1500ns");
		assertThat(DurationText.format(Duration.ofNanos(2000))).isEqualTo("2us");
		assertThat(DurationText.format(Duration.ZERO)).isEqualTo("0s");
		assertThat(DurationText.format(Duration.ofSeconds(-1))).isEqualTo("-1s");
		assertThat(DurationText.format(Duration.ofSeconds(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE + "s");
	}

	@Test
	void messagesAboutInvalidDurationsSpellThemAsConfigurationDoes() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> IpcServer.builder().shutdownTimeout(Duration.ofSeconds(-1)))
			.withMessage("shutdown-timeout must not be negative, got -1s");
		assertThatIllegalArgumentException().isThrownBy(() -> IpcServer.builder().readTimeout(Duration.ofMillis(-500)))
			.withMessage("read-timeout must not be negative, got -500ms");
		assertThatIllegalArgumentException().isThrownBy(() -> new ClientOptions("", Duration.ZERO, Map.of()))
			.withMessage("timeout must be positive, got 0s");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ReconnectBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 0))
			.withMessage("reconnect backoff needs 0 <= initial <= max, got initial 2s and max 1s");
		assertThatIllegalArgumentException().isThrownBy(() -> new LogLimiter(Duration.ZERO))
			.withMessage("interval must be positive, got 0s");
	}

	@Test
	void readsWhatConfigurationFilesWriteAndIso8601() {
		assertThat(DurationText.parse("500ms")).isEqualTo(Duration.ofMillis(500));
		assertThat(DurationText.parse(" 5 S ")).isEqualTo(Duration.ofSeconds(5));
		assertThat(DurationText.parse("2m")).isEqualTo(Duration.ofMinutes(2));
		assertThat(DurationText.parse("1h")).isEqualTo(Duration.ofHours(1));
		assertThat(DurationText.parse("1d")).isEqualTo(Duration.ofDays(1));
		assertThat(DurationText.parse("PT1.5S")).isEqualTo(Duration.ofMillis(1500));
		assertThat(DurationText.parse("soon")).isNull();
		assertThat(DurationText.parse(DurationText.format(Duration.ofSeconds(90)))).isEqualTo(Duration.ofSeconds(90));
	}

}
