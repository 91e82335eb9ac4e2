package dev.socketipc.client;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import dev.socketipc.client.ClientTestSockets.Transport;
import dev.socketipc.protocol.ErrorCode;
import dev.socketipc.testsupport.ScriptedServer;
import dev.socketipc.testsupport.SocketPaths;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A call to a method the server does not offer fails with a message of bounded size,
 * however many methods the server offers, and says which {@code @IpcClient} prefix fits
 * when every offered name carries one.
 */
class ClientMethodNotFoundTest {

	private Path directory;

	private ScriptedServer raw;

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
		if (this.raw != null) {
			this.raw.close();
		}
		SocketPaths.deleteRecursively(this.directory);
	}

	interface Inventory {

		int count(String item);

		CompletableFuture<Integer> restock(String item);

	}

	private Inventory client(Transport transport, ClientOptions options, String... methods) throws Exception {
		this.raw = ClientTestSockets.startScripted(transport.bindAddress(this.directory), methods);
		this.connection = ClientTestSockets.connection(ClientTestSockets.addressOf(this.raw));
		this.connection.connect();
		await().until(this.connection::isReady);
		return IpcClientFactory.create(Inventory.class, this.connection, options);
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void messageListsTheFirstTwentyNamesAndCountsTheRest(Transport transport) throws Exception {
		String[] names = IntStream.range(0, 100_000).mapToObj((i) -> "method" + i).toArray(String[]::new);
		Inventory client = client(transport, ClientOptions.defaults(), names);

		assertThatExceptionOfType(IpcRemoteException.class).isThrownBy(() -> client.count("bolts"))
			.withMessage("IPC method 'count' failed with METHOD_NOT_FOUND: the server at "
					+ ClientTestSockets.addressOf(this.raw) + " does not offer 'count'; it offers 100000 methods: "
					+ String.join(", ", java.util.Arrays.copyOf(names, 20)) + ", … (99980 more)")
			.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo(ErrorCode.METHOD_NOT_FOUND));
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void serverWhoseNamesAllCarryAPrefixTheCallLacksSaysWhichPrefixToUse(Transport transport) throws Exception {
		Inventory client = client(transport, ClientOptions.defaults(), "inventory.count", "inventory.restock");
		String hint = ". Every name it offers starts with 'inventory.': the server uses the prefix inventory; "
				+ "call it with @IpcClient(value = ..., prefix = \"inventory\")";

		assertThatExceptionOfType(IpcRemoteException.class).isThrownBy(() -> client.count("bolts"))
			.withMessage("IPC method 'count' failed with METHOD_NOT_FOUND: the server at "
					+ ClientTestSockets.addressOf(this.raw)
					+ " does not offer 'count'; it offers 2 methods: inventory.count, inventory.restock" + hint);
		assertThat(client.restock("bolts")).failsWithin(java.time.Duration.ofSeconds(10))
			.withThrowableOfType(java.util.concurrent.ExecutionException.class)
			.havingCause()
			.withMessageEndingWith(hint);
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void prefixedClientCallsThePrefixedNames(Transport transport) throws Exception {
		Inventory client = client(transport,
				new ClientOptions("inventory", ClientOptions.DEFAULT_TIMEOUT, java.util.Map.of()), "inventory.count",
				"inventory.restock");

		CompletableFuture<Integer> restocked = client.restock("bolts");
		assertThat(this.raw.nextLine()).isEqualTo("{\"rid\":1,\"method\":\"inventory.restock\",\"args\":[\"bolts\"]}");
		this.raw.send("{\"success\":true,\"rid\":1,\"data\":12}");
		assertThat(restocked.join()).isEqualTo(12);
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void namesWithoutOneSharedPrefixGiveNoPrefixHint(Transport transport) throws Exception {
		Inventory client = client(transport, ClientOptions.defaults(), "inventory.count", "stock.restock", "ping");

		assertThatExceptionOfType(IpcRemoteException.class).isThrownBy(() -> client.count("bolts"))
			.withMessageEndingWith("it offers 3 methods: inventory.count, stock.restock, ping");
	}

}
