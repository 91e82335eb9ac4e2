package dev.socketipc.hardening;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.socketipc.server.IpcServerBuilder;
import dev.socketipc.server.IpcServer;
import dev.socketipc.server.ServiceDefinition;
import dev.socketipc.testsupport.SocketPaths;
import dev.socketipc.transport.IpcAddress;
import dev.socketipc.transport.UnixSocketFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The modes of what a Unix socket server creates, read back from the file system: the
 * socket's directory ({@code socket-directory-permissions}) and the socket itself
 * ({@code socket-permissions}). The modes tested are ones no common umask gives, so that
 * the umask alone cannot make them pass.
 */
class SocketPermissionsTest {

	private Path directory;

	private final List<IpcServer> servers = new ArrayList<>();

	@BeforeEach
	void setUp() throws IOException {
		this.directory = SocketPaths.newSocketDirectory();
	}

	@AfterEach
	void tearDown() throws IOException {
		this.servers.forEach(IpcServer::stop);
		SocketPaths.deleteRecursively(this.directory);
	}

	private IpcServer start(IpcServerBuilder builder) {
		IpcServer server = builder.service(ServiceDefinition.of("", new Object())).build();
		this.servers.add(server);
		server.start();
		return server;
	}

	private static String mode(Path path) throws IOException {
		return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
	}

	@ParameterizedTest
	@ValueSource(strings = { "rwx------", "rwx--x---" })
	void missingSocketDirectoryIsCreatedWithTheConfiguredPermissions(String permissions) throws IOException {
		Path run = this.directory.resolve("run");
		IpcAddress.Unix address = TestSockets.unixAddress(run, "s.sock");

		start(IpcServer.builder()
			.address(address)
			.socketDirectoryPermissions(PosixFilePermissions.fromString(permissions)));

		assertThat(mode(run)).isEqualTo(permissions);
		assertThat(UnixSocketFile.isSocket(address.path())).isTrue();
	}

	@Test
	void existingSocketDirectoryIsLeftAsItIs() throws IOException {
		Path run = Files.createDirectory(this.directory.resolve("run"));
		Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxr-x---"));

		start(IpcServer.builder()
			.address(TestSockets.unixAddress(run, "s.sock"))
			.socketDirectoryPermissions(PosixFilePermissions.fromString("rwx------")));

		assertThat(mode(run)).isEqualTo("rwxr-x---");
	}

	@Test
	void socketFileTakesTheConfiguredPermissions() throws IOException {
		IpcAddress.Unix address = TestSockets.unixAddress(this.directory, "s.sock");

		start(IpcServer.builder().address(address).socketPermissions(UnixSocketFile.parsePermissions("rw-rw----")));

		assertThat(UnixSocketFile.isSocket(address.path())).isTrue();
		assertThat(mode(address.path())).isEqualTo("rw-rw----");
	}

	@Test
	void otherUserNeverConnectsWhileTheServerStartsUnderUmask000() throws Exception {
		assumeThat(Files.getAttribute(Path.of("/proc/self"), "unix:uid")).as("runs as root, to run a peer as nobody")
			.isEqualTo(0);
		assumeThat(Path.of("/usr/sbin/runuser")).as("runuser").isExecutable();
		assumeThat(Path.of("/usr/bin/python3")).as("python3").isExecutable();
		Files.setPosixFilePermissions(this.directory, PosixFilePermissions.fromString("rwxrwxrwx"));
		IpcAddress.Unix address = TestSockets.unixAddress(this.directory, "s.sock");
		Path stop = this.directory.resolve("stop");
		String script = String.join("\n", "import os, socket, sys", "attempts = connected = 0",
				"print('looping', flush=True)", "while not os.path.exists(sys.argv[2]):", "    attempts += 1",
				"    s = socket.socket(socket.AF_UNIX)", "    try:", "        s.connect(sys.argv[1])",
				"        connected += 1", "    except OSError:", "        pass", "    s.close()",
				"print('attempts %d connected %d' % (attempts, connected), flush=True)");
		Process nobody = new ProcessBuilder("/usr/sbin/runuser", "-u", "nobody", "--", "/usr/bin/python3", "-c", script,
				address.path().toString(), stop.toString())
			.directory(this.directory.toFile())
			.redirectErrorStream(true)
			.start();
		try {
			var lines = nobody.inputReader(StandardCharsets.UTF_8);
			assertThat(lines.readLine()).isEqualTo("looping");
			String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
			Path log = this.directory.resolve("child.log");
			Process server = new ProcessBuilder("/bin/sh", "-c", "umask 000 && exec \"$0\" \"$@\"", java,
					"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m", "-cp",
					System.getProperty("java.class.path"), RestartLoopMain.class.getName(), address.toString(), "300")
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			assertThat(server.waitFor(120, TimeUnit.SECONDS)).as("the restart loop finished").isTrue();
			assertThat(Files.readString(log)).contains(RestartLoopMain.DONE + "300");
			Files.createFile(stop);
			await().atMost(TestSockets.WAIT).until(() -> !nobody.isAlive());
			String result = lines.readLine();

			assertThat(result).startsWith("attempts ").doesNotStartWith("attempts 0 ");
			assertThat(result).as("connections nobody got").endsWith(" connected 0");
		}
		finally {
			nobody.destroyForcibly();
		}
	}

}
