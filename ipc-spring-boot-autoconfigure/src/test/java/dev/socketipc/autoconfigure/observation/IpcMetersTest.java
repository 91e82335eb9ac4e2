package dev.socketipc.autoconfigure.observation;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import dev.socketipc.autoconfigure.observation.calc.ObservedCalc;
import dev.socketipc.server.IpcEventPublisher;
import dev.socketipc.server.IpcServer;
import dev.socketipc.testsupport.LineClient;
import dev.socketipc.testsupport.SocketPaths;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The server's gauges and counters and the client's gauge follow what happens on real
 * sockets: connections opened and refused, calls in flight, lines answered PARSE_ERROR
 * and TOO_LARGE.
 */
@Timeout(60)
class IpcMetersTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private Path directory;

	@BeforeEach
	void createDirectory() throws Exception {
		this.directory = SocketPaths.newSocketDirectory();
	}

	@AfterEach
	void deleteDirectory() throws Exception {
		SocketPaths.deleteRecursively(this.directory);
	}

	@ParameterizedTest(name = "over {0}")
	@ValueSource(strings = { "unix", "tcp" })
	void serverGaugesAndCountersFollowConnectionsCallsAndRejectedLines(String transport) throws Exception {
		new ApplicationContextRunner().withConfiguration(ObservedContexts.MICROMETER)
			.withConfiguration(ObservedContexts.IPC)
			.withUserConfiguration(ServerOnly.class)
			.withPropertyValues("ipc.server.address=" + ObservedContexts.address(transport, this.directory),
					"ipc.server.max-connections=2", "ipc.server.max-line-length=1KB", "ipc.server.shutdown-timeout=0s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				IpcServer server = context.getBean(IpcServer.class);
				String address = server.address().toString();
				assertThat(meters.get("ipc.server.connections").tag("server.address", address).gauge().value())
					.isZero();
				try (LineClient first = LineClient.connectAndSkipRegister(server.address().socketAddress());
						LineClient second = LineClient.connectAndSkipRegister(server.address().socketAddress())) {
					await().atMost(WAIT)
						.untilAsserted(
								() -> assertThat(meters.get("ipc.server.connections").gauge().value()).isEqualTo(2));

					try (LineClient refused = LineClient.connect(server.address().socketAddress())) {
						refused.awaitEndOfStream();
					}
					await().atMost(WAIT)
						.untilAsserted(
								() -> assertThat(meters.get("ipc.server.connections.refused").functionCounter().count())
									.isEqualTo(1));

					first.send("this is not JSON");
					assertThat(first.readLine()).contains("\"code\":\"PARSE_ERROR\"");
					await().atMost(WAIT)
						.untilAsserted(() -> assertThat(meters.get("ipc.server.lines.rejected")
							.tag("rpc.status_code", "PARSE_ERROR")
							.functionCounter()
							.count()).isEqualTo(1));

					first.send("{\"rid\":1,\"method\":\"slow\",\"args\":[]}");
					await().atMost(WAIT)
						.untilAsserted(
								() -> assertThat(meters.get("ipc.server.calls.active").gauge().value()).isEqualTo(1));
					context.getBean(CalcService.class).release();
					assertThat(first.readLine()).contains("\"data\":\"done\"");
					await().atMost(WAIT)
						.untilAsserted(
								() -> assertThat(meters.get("ipc.server.calls.active").gauge().value()).isZero());

					second.send("{\"rid\":2,\"method\":\"add\",\"args\":[\"" + "x".repeat(2000) + "\"]}");
					assertThat(second.readLine()).contains("\"code\":\"TOO_LARGE\"");
					await().atMost(WAIT)
						.untilAsserted(() -> assertThat(meters.get("ipc.server.lines.rejected")
							.tag("rpc.status_code", "TOO_LARGE")
							.functionCounter()
							.count()).isEqualTo(1));
					await().atMost(WAIT)
						.untilAsserted(
								() -> assertThat(meters.get("ipc.server.connections").gauge().value()).isEqualTo(1));
				}
				await().atMost(WAIT)
					.untilAsserted(() -> assertThat(meters.get("ipc.server.connections").gauge().value()).isZero());
			});
	}

	@Test
	void clientGaugeCountsTheCallsInFlightOfEachServer() {
		ObservedContexts.observed("unix:" + this.directory.resolve("calc.sock")).run((context) -> {
			assertThat(context).hasNotFailed();
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get("ipc.client.calls.active").tag("ipc.server.name", "calc").gauge().value()).isZero();

			CompletableFuture<String> slow = context.getBean(ObservedCalc.class).slowAsync();
			await().atMost(WAIT)
				.untilAsserted(() -> assertThat(
						meters.get("ipc.client.calls.active").tag("ipc.server.name", "calc").gauge().value())
					.isEqualTo(1));
			context.getBean(CalcService.class).release();
			assertThat(slow.get()).isEqualTo("done");
			await().atMost(WAIT)
				.untilAsserted(() -> assertThat(
						meters.get("ipc.client.calls.active").tag("ipc.server.name", "calc").gauge().value())
					.isZero());
		});
	}

	@Test
	void clientGaugeOfAConnectionMadeAfterTheMetersWereBoundIsThereToo() {
		// a client of the own server on TCP port 0 connects once the server has bound, at
		// start, after the meters were bound
		ObservedContexts.observed("tcp://127.0.0.1:0").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(ObservedCalc.class).add(1, 2)).isEqualTo(3);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get("ipc.client.calls.active").tag("ipc.server.name", "calc").gauge().value()).isZero();
		});
	}

	@Test
	void droppedEventsCounterCountsWhatAFullEventBufferDrops() throws Exception {
		new ApplicationContextRunner().withConfiguration(ObservedContexts.MICROMETER)
			.withConfiguration(ObservedContexts.IPC)
			.withUserConfiguration(ServerOnly.class)
			.withPropertyValues("ipc.server.address=unix:" + this.directory.resolve("calc.sock"),
					"ipc.server.topics=bulk", "ipc.server.events.buffer-size=1",
					"ipc.server.events.overflow=drop-newest", "ipc.server.shutdown-timeout=0s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				IpcServer server = context.getBean(IpcServer.class);
				IpcEventPublisher publisher = context.getBean(IpcEventPublisher.class);
				String address = server.address().toString();
				assertThat(meters.get("ipc.server.events.dropped")
					.tag("server.address", address)
					.functionCounter()
					.count()).isZero();
				try (LineClient slow = LineClient.connectWithoutReading(server.address().socketAddress(), 0)) {
					slow.call(1, "$subscribe", "bulk");
					await().atMost(WAIT).until(() -> publisher.subscribers("bulk") == 1);
					String payload = "x".repeat(64 * 1024);
					await().atMost(WAIT).until(() -> {
						publisher.publish("bulk", payload);
						return server.statistics().droppedEvents() > 0;
					});
					await().atMost(WAIT)
						.untilAsserted(
								() -> assertThat(meters.get("ipc.server.events.dropped").functionCounter().count())
									.isPositive()
									.isEqualTo(server.statistics().droppedEvents()));
				}
			});
	}

	@Test
	void withoutAMeterRegistryNoMetersAreBound() {
		new ApplicationContextRunner().withConfiguration(ObservedContexts.IPC)
			.withUserConfiguration(ServerOnly.class)
			.withPropertyValues("ipc.server.address=unix:" + this.directory.resolve("calc.sock"))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(IpcMeters.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class ServerOnly {

		@Bean
		CalcService calcService() {
			return new CalcService();
		}

	}

}
