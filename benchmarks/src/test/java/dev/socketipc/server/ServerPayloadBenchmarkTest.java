package dev.socketipc.server;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The payload benchmark's calls, made once outside JMH: the server path must echo the
 * item and answer the whole document, so that its figures measure those calls and not an
 * error answer.
 */
class ServerPayloadBenchmarkTest {

	private final ServerPayloadBenchmark benchmark = new ServerPayloadBenchmark();

	@BeforeEach
	void setUp() {
		this.benchmark.setUp();
	}

	@AfterEach
	void tearDown() {
		this.benchmark.tearDown();
	}

	@Test
	void saveEchoesTheItemAndGetAnswersTheDocument() {
		assertThat(this.benchmark.callSave()).isEqualTo(this.benchmark.saveAnswer)
			.contains("\"updatedAt\":\"2026-11-30T12:34:56.789Z\"");
		assertThat(this.benchmark.saveItem()).isEqualTo(this.benchmark.saveAnswer.length());
		assertThat(this.benchmark.callGet()).isEqualTo(this.benchmark.getAnswer);
		assertThat(this.benchmark.getAnswer.length()).isGreaterThan(100_000);
		assertThat(this.benchmark.getDocument()).isEqualTo(this.benchmark.getAnswer.length());
	}

}
