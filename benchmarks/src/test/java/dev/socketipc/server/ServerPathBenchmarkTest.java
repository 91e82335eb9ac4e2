package dev.socketipc.server;

import dev.socketipc.protocol.WireMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JMH benchmark's methods, run once outside JMH: the server path must really serve
 * {@code add} and answer 15, so that the allocation figure measures the path and not an
 * error answer.
 */
class ServerPathBenchmarkTest {

	private final ServerPathBenchmark benchmark = new ServerPathBenchmark();

	@BeforeEach
	void setUp() {
		this.benchmark.setUp();
	}

	@AfterEach
	void tearDown() {
		this.benchmark.tearDown();
	}

	@Test
	void serverPathAnswersAddWith15() {
		assertThat(this.benchmark.callOnce()).isEqualTo(ServerPathBenchmark.ANSWER);
		assertThat(this.benchmark.serverPath()).isEqualTo(ServerPathBenchmark.ANSWER.length());
		assertThat(this.benchmark.callOnce()).isEqualTo(ServerPathBenchmark.ANSWER);
	}

	@Test
	void codecBenchmarksDecodeTheRequestAndEncodeTheAnswer() {
		WireMessage.Request request = (WireMessage.Request) this.benchmark.decode();

		assertThat(request.method()).isEqualTo("add");
		assertThat(request.rid()).isEqualTo(1L);
		assertThat(request.args().size()).isEqualTo(5);
		assertThat(this.benchmark.encodeSuccess()).isEqualTo(ServerPathBenchmark.ANSWER.length());
	}

}
