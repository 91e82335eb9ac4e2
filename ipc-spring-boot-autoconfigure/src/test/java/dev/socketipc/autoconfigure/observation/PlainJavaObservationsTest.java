package dev.socketipc.autoconfigure.observation;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.socketipc.autoconfigure.observation.calc.ObservedCalc;
import dev.socketipc.client.ClientOptions;
import dev.socketipc.client.IpcClientFactory;
import dev.socketipc.client.IpcConnection;
import dev.socketipc.client.IpcRemoteException;
import dev.socketipc.client.IpcTimeoutException;
import dev.socketipc.server.IpcServer;
import dev.socketipc.server.ServiceDefinition;
import dev.socketipc.testsupport.SocketPaths;
import dev.socketipc.transport.IpcAddress;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Without Spring: a server built with {@link IpcServerObservations} and a proxy whose
 * first interceptor is {@link IpcClientObservations}, observed into Micrometer's
 * {@link TestObservationRegistry}, which fails any observation started or stopped twice,
 * or whose low-cardinality keys differ from those of another of the same name: OK, remote
 * errors and timeouts all carry the same keys.
 */
@Timeout(60)
class PlainJavaObservationsTest {

	private final TestObservationRegistry registry = TestObservationRegistry.create();

	private Path directory;

	private IpcServer server;

	private IpcConnection connection;

	private CalcService service;

	@BeforeEach
	void start() throws Exception {
		this.directory = SocketPaths.newSocketDirectory();
		this.service = new CalcService();
		this.server = IpcServer.builder()
			.address(new IpcAddress.Unix(SocketPaths.socketFile(this.directory, "calc.sock")))
			.service(ServiceDefinition.of("", this.service))
			.observer(new IpcServerObservations(this.registry))
			.shutdownTimeout(Duration.ZERO)
			.build();
		this.server.start();
		this.connection = IpcConnection.builder(this.server.address()).build();
		this.connection.connect();
	}

	@AfterEach
	void stop() throws Exception {
		this.service.release();
		this.connection.close();
		this.server.stop();
		SocketPaths.deleteRecursively(this.directory);
	}

	@Test
	void everyOutcomeCarriesTheSameKeysOnBothSides() {
		ClientOptions options = new ClientOptions("", Duration.ofSeconds(10), Map.of("slow", Duration.ofMillis(200)),
				true)
			.withServer("calc")
			.withInterceptors(List.of(new IpcClientObservations(this.registry)));
		ObservedCalc calc = IpcClientFactory.create(ObservedCalc.class, this.connection, options);

		calc.add(1, 2);
		assertThatThrownBy(calc::missing).isInstanceOf(IpcRemoteException.class);
		assertThatThrownBy(calc::slow).isInstanceOf(IpcTimeoutException.class);
		this.service.release();

		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.registry).hasNumberOfObservationsWithNameEqualTo("ipc.server", 2));
		assertThat(this.registry).hasNumberOfObservationsWithNameEqualTo("ipc.client", 3);
		assertThat(this.registry).hasAnObservation((observation) -> observation.hasNameEqualTo("ipc.client")
			.hasContextualNameEqualTo("add")
			.hasLowCardinalityKeyValue("rpc.status_code", "OK")
			.hasLowCardinalityKeyValue("error.type", "none")
			.hasLowCardinalityKeyValue("ipc.server.name", "calc")
			.doesNotHaveError());
		assertThat(this.registry).hasAnObservation((observation) -> observation.hasNameEqualTo("ipc.client")
			.hasLowCardinalityKeyValue("rpc.method", "missing")
			.hasLowCardinalityKeyValue("rpc.status_code", "METHOD_NOT_FOUND")
			.hasError());
		assertThat(this.registry).hasAnObservation((observation) -> observation.hasNameEqualTo("ipc.client")
			.hasLowCardinalityKeyValue("rpc.method", "slow")
			.hasLowCardinalityKeyValue("rpc.status_code", "TIMEOUT")
			.hasError());
		assertThat(this.registry).hasAnObservation((observation) -> observation.hasNameEqualTo("ipc.server")
			.hasContextualNameEqualTo("add")
			.hasLowCardinalityKeyValue("rpc.method", "add")
			.hasLowCardinalityKeyValue("rpc.status_code", "OK")
			.hasLowCardinalityKeyValue("network.transport", "unix")
			.doesNotHaveError());
	}

}
