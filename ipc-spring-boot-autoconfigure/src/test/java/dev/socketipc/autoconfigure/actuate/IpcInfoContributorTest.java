package dev.socketipc.autoconfigure.actuate;

import java.util.List;
import java.util.Map;

import dev.socketipc.server.IpcServer;
import dev.socketipc.server.ServiceDefinition;
import dev.socketipc.transport.IpcAddress;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.info.Info;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code ipc} info contributor describes the server: the address it listens on (the
 * port actually bound for TCP port 0), the protocol revision, the features, the methods
 * and the topics.
 */
class IpcInfoContributorTest {

	public static class Calc {

		public int add(int a, int b) {
			return a + b;
		}

		public int negate(int a) {
			return -a;
		}

	}

	@Test
	void describesTheRunningServer() {
		IpcServer server = IpcServer.builder()
			.address(IpcAddress.parse("tcp://127.0.0.1:0"))
			.service(ServiceDefinition.of("calc", new Calc()))
			.topic("prices")
			.build();
		server.start();
		try {
			Info.Builder builder = new Info.Builder();
			new IpcInfoContributor(server).contribute(builder);
			Map<String, Object> details = builder.build().getDetails();

			assertThat(details).containsOnlyKeys("ipc");
			assertThat(details.get("ipc")).isEqualTo(Map.of("server",
					Map.of("address", server.address().toString(), "protocol", IpcServer.PROTOCOL_REVISION, "features",
							server.features(), "methods", List.of("calc.add", "calc.negate"), "topics",
							List.of("prices"))));
			assertThat(server.address().toString()).doesNotEndWith(":0");
		}
		finally {
			server.stop();
		}
	}

}
