package dev.socketipc.hardening;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.socketipc.server.IpcServerBuilder;
import dev.socketipc.server.IpcPeer;
import dev.socketipc.server.IpcServer;
import dev.socketipc.server.ServiceDefinition;
import dev.socketipc.testsupport.LineClient;
import dev.socketipc.testsupport.SocketPaths;
import dev.socketipc.transport.IpcAddress;
import dev.socketipc.transport.UnixSocketFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Peer credentials on Unix sockets ({@code SO_PEERCRED}): {@code allowed-uids} /
 * {@code allowed-gids} let listed peers in and close the others before any request runs,
 * service code sees its caller through {@link IpcPeer}, and an allow-list on TCP fails
 * the build of the server.
 */
@ExtendWith(OutputCaptureExtension.class)
class PeerCredentialsTest {

	private static final long OTHER_ID = 4242;

	private Path directory;

	private final CallerService service = new CallerService();

	private final List<IpcServer> servers = new ArrayList<>();

	private final List<LineClient> clients = new ArrayList<>();

	@BeforeEach
	void setUp() throws IOException {
		this.directory = SocketPaths.newSocketDirectory();
	}

	@AfterEach
	void tearDown() throws IOException {
		for (LineClient client : this.clients) {
			client.close();
		}
		this.servers.forEach(IpcServer::stop);
		SocketPaths.deleteRecursively(this.directory);
	}

	private static String passwdUid(String user) throws IOException {
		try (var lines = Files.lines(Path.of("/etc/passwd"))) {
			return lines.map((line) -> line.split(":"))
				.filter((fields) -> fields[0].equals(user))
				.map((fields) -> fields[2])
				.findFirst()
				.orElseThrow();
		}
	}

	private static long currentUid() throws IOException {
		return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
	}

	private static long currentGid() throws IOException {
		return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:gid")).longValue();
	}

	private IpcServer start(IpcServerBuilder builder) {
		// Calls run on the I/O thread: a call dispatched before the connection closed
		// would have run by then.
		IpcServer server = builder.service(ServiceDefinition.of("", this.service)).executor(Runnable::run).build();
		this.servers.add(server);
		server.start();
		return server;
	}

	private LineClient track(LineClient client) {
		this.clients.add(client);
		return client;
	}

	@Test
	void peerRunningAsAnAllowedUidIsServedAndItsServiceSeesItsCredentials() throws IOException {
		IpcServer server = start(IpcServer.builder()
			.address(TestSockets.unixAddress(this.directory, "s.sock"))
			.allowedUids(List.of(currentUid())));
		LineClient client = track(LineClient.connectAndSkipRegister(server.address().socketAddress()));

		client.call(1, "caller");

		assertThat(client.readLine()).isEqualTo(
				"{\"success\":true,\"rid\":1,\"data\":\"user " + System.getProperty("user.name") + " via unix peer\"}");
	}

	@Test
	void peerInAnAllowedGidIsServedEvenWhenItsUidIsNotListed() throws IOException {
		IpcServer server = start(IpcServer.builder()
			.address(TestSockets.unixAddress(this.directory, "s.sock"))
			.allowedUids(List.of(OTHER_ID))
			.allowedGids(List.of(currentGid())));
		LineClient client = track(LineClient.connectAndSkipRegister(server.address().socketAddress()));

		client.call(1, "caller");

		assertThat(JsonMapper.shared().readTree(client.readLine()).path("success").asBoolean()).isTrue();
	}

	@Test
	void peerOutsideTheAllowListIsClosedBeforeAnyRequestRunsAndTheLogNamesIt(CapturedOutput output) throws IOException {
		IpcServer server = start(IpcServer.builder()
			.address(TestSockets.unixAddress(this.directory, "s.sock"))
			.allowedUids(List.of(OTHER_ID)));
		LineClient client = track(LineClient.connect(server.address().socketAddress()));
		try {
			client.call(1, "caller");
		}
		catch (UncheckedIOException ex) {
			// already closed by the server: the request cannot run either
		}

		await().atMost(TestSockets.WAIT).until(client::sawEndOfStream);

		assertThat(client.isClosedByServer()).as("closed without a single line, not even register").isTrue();
		assertThat(this.service.calls).as("calls that ran").hasValue(0);
		assertThat(output).contains("Refusing Unix socket peer")
			.contains("(uid " + currentUid() + " (" + System.getProperty("user.name") + "), gid " + currentGid() + " (")
			.contains("not in allowed-uids [" + OTHER_ID + "]");
	}

	@Test
	void otherUserIsRefusedByAServerThatAllowsOnlyRoot(CapturedOutput output) throws Exception {
		assumeThat(currentUid()).as("runs as root, to run a client as nobody").isZero();
		assumeThat(Path.of("/usr/sbin/runuser")).as("runuser").isExecutable();
		assumeThat(Path.of("/usr/bin/python3")).as("python3").isExecutable();
		Files.setPosixFilePermissions(this.directory, PosixFilePermissions.fromString("rwxrwxrwx"));
		IpcAddress.Unix address = TestSockets.unixAddress(this.directory, "s.sock");
		IpcServer server = start(IpcServer.builder()
			.address(address)
			.socketPermissions(UnixSocketFile.parsePermissions("rw-rw-rw-"))
			.allowedUids(List.of(0L)));
		String script = String.join("\n", "import socket, sys", "s = socket.socket(socket.AF_UNIX)",
				"s.connect(sys.argv[1])", "print('connected', flush=True)", "received = b''", "try:",
				"    s.sendall(b'{\"rid\":1,\"method\":\"caller\",\"args\":[]}\\n')", "    while True:",
				"        chunk = s.recv(4096)", "        if not chunk:", "            break",
				"        received += chunk", "except OSError as error:", "    print('closed:', error)",
				"print('received %d bytes' % len(received))");

		Process nobody = new ProcessBuilder("/usr/sbin/runuser", "-u", "nobody", "--", "/usr/bin/python3", "-c", script,
				address.path().toString())
			.directory(this.directory.toFile())
			.redirectErrorStream(true)
			.start();
		String printed;
		try {
			assertThat(nobody.waitFor(TestSockets.WAIT.toSeconds(), TimeUnit.SECONDS)).as("the client finished")
				.isTrue();
			printed = new String(nobody.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		}
		finally {
			nobody.destroyForcibly();
		}

		assertThat(nobody.exitValue()).as(printed).isZero();
		assertThat(printed).startsWith("connected\n").endsWith("received 0 bytes\n");
		assertThat(this.service.calls).as("calls that ran").hasValue(0);
		assertThat(output).contains("(uid " + passwdUid("nobody") + " (nobody), gid ")
			.contains("not in allowed-uids [0]");
		LineClient root = track(LineClient.connectAndSkipRegister(server.address().socketAddress()));
		root.call(1, "caller");
		assertThat(JsonMapper.shared().readTree(root.readLine()).path("success").asBoolean()).as("root is served")
			.isTrue();
	}

	@Test
	void tcpPeerHasAnAddressButNoCredentials() throws IOException {
		IpcServer server = start(IpcServer.builder().address(new IpcAddress.Tcp("127.0.0.1", 0)));
		LineClient client = track(LineClient.connectAndSkipRegister(server.address().socketAddress()));

		client.call(1, "caller");

		assertThat(client.readLine()).isEqualTo("{\"success\":true,\"rid\":1,\"data\":\"nobody known via 127.0.0.1\"}");
	}

	@Test
	void allowListOnATcpAddressFailsTheBuild() {
		IpcAddress tcp = new IpcAddress.Tcp("127.0.0.1", 0);
		String message = "allowed-uids/allowed-gids need a Unix socket or local: address: the credentials of a TCP peer "
				+ "cannot be known, got " + tcp;

		assertThatIllegalStateException()
			.isThrownBy(() -> IpcServer.builder().address(tcp).allowedUids(List.of(0L)).build())
			.withMessage(message);
		assertThatIllegalStateException()
			.isThrownBy(() -> IpcServer.builder().address(tcp).allowedGids(List.of(0L)).build())
			.withMessage(message);
	}

	/** Tells who called it, as service code would for its own checks. */
	static final class CallerService {

		final AtomicInteger calls = new AtomicInteger();

		public String caller() {
			this.calls.incrementAndGet();
			IpcPeer peer = IpcPeer.current().orElseThrow();
			String address = peer.address().replaceAll("^(unix peer|127\\.0\\.0\\.1).*$", "$1");
			return peer.credentials().map((principal) -> "user " + principal.user().getName()).orElse("nobody known")
					+ " via " + address;
		}

	}

}
