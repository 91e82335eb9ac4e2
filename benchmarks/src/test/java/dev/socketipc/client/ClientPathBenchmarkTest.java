package dev.socketipc.client;

import dev.socketipc.protocol.WireMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JMH benchmark's methods, run once outside JMH: the client path must really call
 * {@code add} and return 15, so that the allocation figure measures the path and not a
 * failed call.
 */
class ClientPathBenchmarkTest {

	private final ClientPathBenchmark benchmark = new ClientPathBenchmark();

	@BeforeEach
	void setUp() {
		this.benchmark.setUp();
	}

	@AfterEach
	void tearDown() {
		this.benchmark.tearDown();
	}

	@Test
	void clientPathCallsAddAndReturns15() {
		assertThat(this.benchmark.clientPath()).isEqualTo(15);
		assertThat(this.benchmark.clientPath()).isEqualTo(15);
		assertThat(this.benchmark.requestOnce())
			.matches("\\{\"rid\":\\d+,\"method\":\"add\",\"args\":\\[1,2,3,4,5]}\n");
		assertThat(this.benchmark.clientPath()).isEqualTo(15);
	}

	@Test
	void codecBenchmarksDecodeTheAnswerAndEncodeTheRequest() {
		WireMessage.Answer answer = (WireMessage.Answer) this.benchmark.decodeAnswer();

		assertThat(answer.success()).isTrue();
		assertThat(answer.rid()).isEqualTo(1L);
		assertThat(answer.data().toString()).isEqualTo("15");
		assertThat(this.benchmark.encodeRequest())
			.isEqualTo("{\"rid\":1,\"method\":\"add\",\"args\":[1,2,3,4,5]}\n".length());
	}

}
