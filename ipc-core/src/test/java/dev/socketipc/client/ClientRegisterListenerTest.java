package dev.socketipc.client;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.socketipc.client.ClientTestSockets.Transport;
import dev.socketipc.server.IpcServer;
import dev.socketipc.testsupport.ScriptedServer;
import dev.socketipc.testsupport.SocketPaths;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An {@link IpcRegisterListener} sees the method list of every {@code register} line,
 * before the connection is ready on it: the first one, a later one on the same
 * connection, the one after a reconnection, and a seed server's (no {@code protocol}); a
 * listener added late is told the last list at once; one that throws changes nothing for
 * the connection or the other listeners. Over a Unix socket and TCP.
 */
class ClientRegisterListenerTest {

	private Path directory;

	private ScriptedServer scripted;

	private IpcServer server;

	private IpcConnection connection;

	@BeforeEach
	void createDirectory() throws Exception {
		this.directory = SocketPaths.newSocketDirectory();
	}

	@AfterEach
	void stop() throws Exception {
		if (this.connection != null) {
			this.connection.close();
		}
		if (this.scripted != null) {
			this.scripted.close();
		}
		if (this.server != null) {
			this.server.stop();
		}
		SocketPaths.deleteRecursively(this.directory);
	}

	/** Records what it is told, and on which connection. */
	private static final class Recorder implements IpcRegisterListener {

		final List<List<String>> registers = new CopyOnWriteArrayList<>();

		final List<IpcConnection> connections = new CopyOnWriteArrayList<>();

		@Override
		public void registered(IpcConnection connection, List<String> methods) {
			this.connections.add(connection);
			this.registers.add(methods);
		}

	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void everyRegisterLineIsToldOnceBeforeTheConnectionIsReady(Transport transport) throws Exception {
		this.scripted = ClientTestSockets.startScripted(transport.bindAddress(this.directory), "add", "time");
		this.connection = ClientTestSockets.connection(ClientTestSockets.addressOf(this.scripted));
		Recorder recorder = new Recorder();
		this.connection.addRegisterListener(recorder);
		this.connection.connect();

		await().until(this.connection::isReady);
		assertThat(recorder.registers).as("told before ready").containsExactly(List.of("add", "time"));
		assertThat(recorder.connections).containsExactly(this.connection);

		this.scripted.send(ScriptedServer.registerLine("add"));
		await().until(() -> recorder.registers.size() == 2);
		assertThat(recorder.registers.get(1)).containsExactly("add");
		assertThat(this.connection.methods()).containsExactly("add");

		this.scripted.dropConnection();
		await().until(() -> recorder.registers.size() == 3 && this.connection.isReady());
		assertThat(recorder.registers.get(2)).as("the register of the reconnection").containsExactly("add", "time");
		assertThat(recorder.registers).hasSize(3);
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void seedServersRegisterIsToldToo(Transport transport) throws Exception {
		this.scripted = ScriptedServer.start(transport.bindAddress(this.directory).socketAddress(),
				"{\"action\":\"register\",\"methods\":[\"add\",\"time\"]}");
		this.connection = ClientTestSockets.connection(ClientTestSockets.addressOf(this.scripted));
		Recorder recorder = new Recorder();
		this.connection.addRegisterListener(recorder);
		this.connection.connect();

		await().until(this.connection::isReady);
		assertThat(this.connection.status().protocol()).as("a seed server").isNull();
		assertThat(recorder.registers).containsExactly(List.of("add", "time"));
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void listenerAddedAfterARegisterIsToldTheLastOneAtOnce(Transport transport) throws Exception {
		this.scripted = ClientTestSockets.startScripted(transport.bindAddress(this.directory), "add");
		this.connection = ClientTestSockets.connection(ClientTestSockets.addressOf(this.scripted));
		Recorder before = new Recorder();
		this.connection.addRegisterListener(before);
		this.connection.connect();
		await().until(this.connection::isReady);

		Recorder late = new Recorder();
		this.connection.addRegisterListener(late);
		assertThat(late.registers).containsExactly(List.of("add"));

		this.scripted.send(ScriptedServer.registerLine("add", "time"));
		await().until(() -> late.registers.size() == 2);
		assertThat(late.registers.get(1)).containsExactly("add", "time");
		assertThat(before.registers).containsExactly(List.of("add"), List.of("add", "time"));
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void listenerThatThrowsChangesNothingForTheConnectionOrTheOthers(Transport transport) throws Exception {
		this.server = ClientTestSockets.startServer(transport.bindAddress(this.directory), new Adder());
		this.connection = ClientTestSockets.connection(this.server.address());
		this.connection.addRegisterListener((connection, methods) -> {
			throw new IllegalStateException("listener failure");
		});
		Recorder recorder = new Recorder();
		this.connection.addRegisterListener(recorder);
		Adding client = IpcClientFactory.create(Adding.class, this.connection, ClientOptions.defaults());

		assertThat(client.add(2, 3)).isEqualTo(5);
		assertThat(recorder.registers).containsExactly(List.of("add"));
	}

	interface Adding {

		int add(int a, int b);

	}

	public static class Adder {

		public int add(int a, int b) {
			return a + b;
		}

	}

}
