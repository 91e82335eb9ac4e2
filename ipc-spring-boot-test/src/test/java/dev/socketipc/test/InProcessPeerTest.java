package dev.socketipc.test;

import java.time.Duration;

import com.sun.security.auth.module.UnixSystem;
import dev.socketipc.client.IpcConnectionException;
import dev.socketipc.server.IpcServer;
import dev.socketipc.test.autoconfigure.AutoConfigureIpcInProcessTransport;
import dev.socketipc.test.calc.Calculator;
import dev.socketipc.test.calc.CalculatorApplication;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code ipc.server.allowed-uids} in-process: the peer's uid is the one set on
 * {@link AutoConfigureIpcInProcessTransport}, or this JVM's own.
 */
@Timeout(30)
class InProcessPeerTest {

	static final String ALLOWED_UID = "4242";

	@Nested
	@SpringBootTest(classes = CalculatorApplication.class,
			properties = { "spring.application.name=" + CalculatorApplication.NAME,
					"ipc.server.allowed-uids=" + ALLOWED_UID, "ipc.client.servers.clock.lazy=true" })
	@AutoConfigureIpcInProcessTransport(peerUid = 4242)
	class PeerUidFromTheAnnotation {

		@Autowired
		private Calculator calculator;

		@Test
		void allowedUidIsLetIn() {
			assertThat(this.calculator.add(2, 3)).isEqualTo(5);
		}

	}

	@Nested
	@SpringBootTest(classes = CalculatorApplication.class,
			properties = { "spring.application.name=" + CalculatorApplication.NAME,
					"ipc.server.allowed-uids=" + ALLOWED_UID, "ipc.client.servers.clock.lazy=true",
					"ipc.client.servers.calculator.lazy=true" })
	@AutoConfigureIpcInProcessTransport
	class ThisJvmsUid {

		@Autowired
		private Calculator calculator;

		@Autowired
		private IpcServer server;

		@Test
		void otherUidIsRefused() {
			assertThatExceptionOfType(IpcConnectionException.class).isThrownBy(() -> this.calculator.add(2, 3));
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(this.server.statistics().refusedConnections()).isPositive());
		}

	}

	@Nested
	@SpringBootTest(classes = CalculatorApplication.class,
			properties = { "spring.application.name=" + CalculatorApplication.NAME,
					"ipc.client.servers.clock.lazy=true" })
	@AutoConfigureIpcInProcessTransport
	class ThisJvmsUidAllowed {

		@DynamicPropertySource
		static void allowThisJvmsUid(DynamicPropertyRegistry registry) {
			registry.add("ipc.server.allowed-uids", () -> new UnixSystem().getUid());
		}

		@Autowired
		private Calculator calculator;

		@Autowired
		private IpcServer server;

		@Test
		void isLetIn() {
			assertThat(this.calculator.add(2, 3)).isEqualTo(5);
			assertThat(this.server.statistics().refusedConnections()).isZero();
		}

	}

}
