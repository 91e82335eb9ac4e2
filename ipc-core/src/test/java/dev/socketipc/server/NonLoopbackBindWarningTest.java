package dev.socketipc.server;

import dev.socketipc.transport.IpcAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Binding TCP beyond loopback is allowed, but logged as a warning.
 */
@ExtendWith(OutputCaptureExtension.class)
class NonLoopbackBindWarningTest {

	@Test
	void wildcardBindLogsAWarning(CapturedOutput output) {
		IpcServer server = IpcServer.builder().address(IpcAddress.parse("tcp://0.0.0.0:0")).build();
		server.start();
		try {
			assertThat(server.isRunning()).isTrue();
			assertThat(output).contains("WARN").contains("binds tcp://0.0.0.0:0, which is not a loopback address");
		}
		finally {
			server.stop();
		}
	}

	@Test
	void loopbackBindDoesNotWarn(CapturedOutput output) {
		IpcServer server = IpcServer.builder().address(IpcAddress.parse("tcp://127.0.0.1:0")).build();
		server.start();
		try {
			assertThat(output).doesNotContain("not a loopback address");
		}
		finally {
			server.stop();
		}
	}

}
