package dev.socketipc.client;

import dev.socketipc.testsupport.ScriptedServer;
import dev.socketipc.testsupport.SocketPaths;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.socketipc.client.ClientTestSockets.Transport;
import dev.socketipc.protocol.ErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A failed answer's {@code code} reaches the caller as sent, custom codes included,
 * beside its {@link ErrorCode}.
 */
class ClientRemoteCodeTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final Pattern RID = Pattern.compile("\"rid\":(\\d+)");

	private Path directory;

	private final List<ScriptedServer> servers = new ArrayList<>();

	private final List<IpcConnection> connections = new ArrayList<>();

	interface Shop {

		CompletableFuture<String> reserve(String sku);

		String reserveNow(String sku);

	}

	@BeforeEach
	void createDirectory() throws Exception {
		this.directory = SocketPaths.newSocketDirectory();
	}

	@AfterEach
	void stop() throws Exception {
		this.connections.forEach(IpcConnection::close);
		for (ScriptedServer server : this.servers) {
			server.close();
		}
		SocketPaths.deleteRecursively(this.directory);
	}

	private ScriptedServer start(Transport transport) throws Exception {
		ScriptedServer raw = ClientTestSockets.startScripted(transport.bindAddress(this.directory), "reserve",
				"reserveNow");
		this.servers.add(raw);
		return raw;
	}

	private Shop shop(ScriptedServer raw) {
		IpcConnection connection = ClientTestSockets.connection(ClientTestSockets.addressOf(raw));
		this.connections.add(connection);
		Shop shop = IpcClientFactory.create(Shop.class, connection, ClientOptions.defaults());
		connection.connect();
		await().atMost(WAIT).until(connection::isReady);
		return shop;
	}

	/**
	 * Reads the next request and answers it with a failure carrying {@code codeField} (a
	 * JSON member or empty).
	 */
	private static void fail(ScriptedServer raw, String codeField) throws Exception {
		String request = raw.nextLine();
		Matcher rid = RID.matcher(request);
		assertThat(rid.find()).as("rid in %s", request).isTrue();
		raw.send("{\"success\":false,\"rid\":" + rid.group(1) + ",\"error\":\"only 2 left\"" + codeField + "}");
	}

	private static IpcRemoteException failureOf(CompletableFuture<?> future) throws Exception {
		try {
			future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			assertThat(ex.getCause()).isInstanceOf(IpcRemoteException.class);
			return (IpcRemoteException) ex.getCause();
		}
		throw new AssertionError("the call succeeded");
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void customCodeIsKeptAsSentAndMapsToTheGenericCode(Transport transport) throws Exception {
		ScriptedServer raw = start(transport);
		Shop shop = shop(raw);

		CompletableFuture<String> reserved = shop.reserve("sku-1");
		fail(raw, ",\"code\":\"INSUFFICIENT_STOCK\"");

		IpcRemoteException failure = failureOf(reserved);
		assertThat(failure.getCodeName()).isEqualTo("INSUFFICIENT_STOCK");
		assertThat(failure.getCode()).isEqualTo(ErrorCode.SERVICE_ERROR);
		assertThat(failure.getRemoteMessage()).isEqualTo("only 2 left");
		assertThat(failure).hasMessage("IPC method 'reserve' failed with INSUFFICIENT_STOCK: only 2 left");
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void customCodeReachesABlockingCaller(Transport transport) throws Exception {
		ScriptedServer raw = start(transport);
		Shop shop = shop(raw);

		CompletableFuture<String> reserved = CompletableFuture.supplyAsync(() -> shop.reserveNow("sku-1"));
		fail(raw, ",\"code\":\"INSUFFICIENT_STOCK\"");

		assertThatThrownBy(() -> reserved.get(WAIT.toSeconds(), TimeUnit.SECONDS)).cause()
			.isInstanceOfSatisfying(IpcRemoteException.class,
					(ex) -> assertThat(ex.getCodeName()).isEqualTo("INSUFFICIENT_STOCK"));
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void knownCodeKeepsBothItsTextAndItsValue(Transport transport) throws Exception {
		ScriptedServer raw = start(transport);
		Shop shop = shop(raw);

		CompletableFuture<String> reserved = shop.reserve("sku-1");
		fail(raw, ",\"code\":\"OVERLOADED\"");

		IpcRemoteException failure = failureOf(reserved);
		assertThat(failure.getCodeName()).isEqualTo("OVERLOADED");
		assertThat(failure.getCode()).isEqualTo(ErrorCode.OVERLOADED);
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void noCodeAsFromASeedServerIsNull(Transport transport) throws Exception {
		ScriptedServer raw = start(transport);
		Shop shop = shop(raw);

		CompletableFuture<String> reserved = shop.reserve("sku-1");
		fail(raw, "");

		IpcRemoteException failure = failureOf(reserved);
		assertThat(failure.getCodeName()).isNull();
		assertThat(failure.getCode()).isNull();
		assertThat(failure).hasMessage("IPC method 'reserve' failed: only 2 left");
	}

}
