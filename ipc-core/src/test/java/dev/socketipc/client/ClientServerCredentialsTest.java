package dev.socketipc.client;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import dev.socketipc.testsupport.ScriptedServer;
import dev.socketipc.testsupport.SocketPaths;
import dev.socketipc.transport.IpcAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code allowedServerUids}: on a Unix socket the client reads the server's credentials
 * as the connection opens and sends nothing to a server running as another user, such as
 * an impostor that took the socket path first.
 */
class ClientServerCredentialsTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final ClientOptions LONG_TIMEOUT = new ClientOptions("", Duration.ofMinutes(5), Map.of());

	private Path directory;

	private ScriptedServer raw;

	private IpcConnection connection;

	private Process impostor;

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
		if (this.impostor != null) {
			this.impostor.destroyForcibly();
			this.impostor.waitFor(10, TimeUnit.SECONDS);
		}
		SocketPaths.deleteRecursively(this.directory);
	}

	interface Calc {

		CompletableFuture<Integer> add(int a, int b);

	}

	private long ownUid() throws Exception {
		return ((Number) Files.getAttribute(this.directory, "unix:uid")).longValue();
	}

	private Calc client(IpcAddress address, List<Long> allowedServerUids) {
		this.connection = IpcConnection.builder(address)
			.reconnectBackoff(ClientTestSockets.FAST_BACKOFF)
			.allowedServerUids(allowedServerUids)
			.build();
		return IpcClientFactory.create(Calc.class, this.connection, LONG_TIMEOUT);
	}

	private static Throwable failureOf(CompletableFuture<?> future) throws Exception {
		try {
			Object value = future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
			throw new AssertionError("expected the call to fail, but it answered " + value);
		}
		catch (ExecutionException ex) {
			return ex.getCause();
		}
	}

	@Test
	void serverRunningAsAnAllowedUidIsCalled() throws Exception {
		this.raw = ClientTestSockets.startScripted(ClientTestSockets.unixAddress(this.directory, "s.sock"), "add");
		Calc client = client(ClientTestSockets.addressOf(this.raw), List.of(4242L, ownUid()));

		CompletableFuture<Integer> sum = client.add(1, 2);
		assertThat(this.raw.nextLine()).isEqualTo("{\"rid\":1,\"method\":\"add\",\"args\":[1,2]}");
		this.raw.send("{\"success\":true,\"rid\":1,\"data\":3}");
		assertThat(sum.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(3);
	}

	@Test
	void serverRunningAsAnotherUidIsDisconnectedAndNeverSentTheCall() throws Exception {
		this.raw = ClientTestSockets.startScripted(ClientTestSockets.unixAddress(this.directory, "s.sock"), "add");
		Calc client = client(ClientTestSockets.addressOf(this.raw), List.of(4242L));

		assertThat(failureOf(client.add(1, 2))).isExactlyInstanceOf(IpcConnectionException.class)
			.hasMessageContaining(
					"(last attempt: the server at " + ClientTestSockets.addressOf(this.raw) + " runs as user ")
			.hasMessageContaining(", not one of allowed-server-uids [4242])");
		// the client refuses as soon as it connects, possibly before the server's accept
		// has been seen
		await().atMost(WAIT).untilAsserted(() -> assertThat(this.raw.hasClient()).isTrue());
		assertThat(this.connection.isReady()).isFalse();
		assertThat(this.raw.nextLineWithin(Duration.ofMillis(300))).as("a line sent to the refused server").isNull();
	}

	@Test
	void impostorRunByAnotherUserOnTheSocketPathNeverSeesARequest() throws Exception {
		assumeThat(Path.of("/usr/sbin/runuser")).as("runuser").isExecutable();
		assumeThat(Path.of("/usr/bin/python3")).as("python3").isExecutable();
		assumeThat(ownUid()).as("another user (nobody) to run the impostor").isNotEqualTo(65534L);
		Files.setPosixFilePermissions(this.directory, PosixFilePermissions.fromString("rwxrwxrwx"));
		IpcAddress.Unix address = ClientTestSockets.unixAddress(this.directory, "s.sock");
		Path seen = this.directory.resolve("seen.txt");
		String script = String.join("\n", "import os, socket, sys", "s = socket.socket(socket.AF_UNIX)",
				"s.bind(sys.argv[1])", "os.chmod(sys.argv[1], 0o666)", "s.listen(8)", "while True:",
				"    c, _ = s.accept()", "    try:",
				"        c.sendall(b'{\"action\":\"register\",\"methods\":[\"add\"],\"protocol\":1}\\n')",
				"        data = c.recv(4096)", "        if data:", "            with open(sys.argv[2], 'ab') as f:",
				"                f.write(data)", "    except OSError:", "        pass", "    c.close()");
		this.impostor = new ProcessBuilder("/usr/sbin/runuser", "-u", "nobody", "--", "/usr/bin/python3", "-c", script,
				address.path().toString(), seen.toString())
			.redirectErrorStream(true)
			.start();
		await().atMost(WAIT).until(() -> Files.exists(address.path()));
		Calc client = client(address, List.of(ownUid()));

		assertThat(failureOf(client.add(1, 2))).isExactlyInstanceOf(IpcConnectionException.class)
			.hasMessageContaining("runs as user nobody, not one of allowed-server-uids [" + ownUid() + "]");
		assertThat(client.add(3, 4)).isCompletedExceptionally();
		assertThat(seen).as("what the impostor received").doesNotExist();
		assertThat(this.impostor.isAlive()).as(() -> output(this.impostor)).isTrue();
	}

	@Test
	void allowedServerUidsOnATcpAddressFailTheBuildNamingTheReason() {
		assertThatIllegalArgumentException()
			.isThrownBy(
					() -> IpcConnection.builder(new IpcAddress.Tcp("127.0.0.1", 1234)).allowedServerUids(List.of(0L)))
			.withMessage(
					"allowed-server-uids needs a Unix socket address: the user of a server at tcp://127.0.0.1:1234 "
							+ "cannot be known");
	}

	private static String output(Process process) {
		try {
			return new String(process.getInputStream().readNBytes(process.getInputStream().available()),
					StandardCharsets.UTF_8);
		}
		catch (java.io.IOException ex) {
			return ex.toString();
		}
	}

}
