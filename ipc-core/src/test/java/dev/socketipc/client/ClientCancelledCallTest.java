package dev.socketipc.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import dev.socketipc.client.ClientTestSockets.Transport;
import dev.socketipc.protocol.WireCodec;
import dev.socketipc.testsupport.ScriptedServer;
import dev.socketipc.testsupport.SocketPaths;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A call its caller cancelled after it was sent, to a server that never answers it,
 * leaves the rid table at the latest at its timeout: such a server cannot make the client
 * keep every cancelled call.
 */
class ClientCancelledCallTest {

	private Path directory;

	private ScriptedServer server;

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
		if (this.server != null) {
			this.server.close();
		}
		SocketPaths.deleteRecursively(this.directory);
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void aCancelledCallThatIsNeverAnsweredLeavesTheRidTableAtItsTimeout(Transport transport) throws Exception {
		this.server = ClientTestSockets.startScripted(transport.bindAddress(this.directory), "add");
		this.connection = ClientTestSockets.connection(ClientTestSockets.addressOf(this.server));
		this.connection.connect();
		await().atMost(Duration.ofSeconds(30)).until(this.connection::isReady);
		CompletableFuture<Object> call = this.connection.call("add", new Object[] { 1, 2 },
				WireCodec.create().mapper().constructType(int.class), Duration.ofSeconds(1));
		assertThat(this.server.nextLine()).contains("\"method\":\"add\"");
		assertThat(this.connection.pendingCalls()).isEqualTo(1);
		call.cancel(false);
		await().atMost(Duration.ofSeconds(30)).until(() -> this.connection.pendingCalls() == 0);
		assertThat(this.connection.isReady()).isTrue();
	}

}
