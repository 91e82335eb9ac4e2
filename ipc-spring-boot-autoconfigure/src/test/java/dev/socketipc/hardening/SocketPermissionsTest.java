package dev.socketipc.hardening;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import dev.socketipc.server.IpcServer;
import dev.socketipc.server.ServiceDefinition;
import dev.socketipc.transport.IpcAddress;
import dev.socketipc.transport.UnixSocketFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The modes of what a Unix socket server creates, read back from the file system: the socket's directory
 * ({@code socket-directory-permissions}) and the socket itself ({@code socket-permissions}). The modes tested are ones
 * no common umask gives, so that the umask alone cannot make them pass.
 */
class SocketPermissionsTest {

	private Path directory;

	private final List<IpcServer> servers = new ArrayList<>();

	@BeforeEach
	void setUp() throws IOException {
		this.directory = TestSockets.newSocketDirectory();
	}

	@AfterEach
	void tearDown() throws IOException {
		this.servers.forEach(IpcServer::stop);
		TestSockets.deleteRecursively(this.directory);
	}

	private IpcServer start(IpcServer.Builder builder) {
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

		start(IpcServer.builder()
			.address(address)
			.socketPermissions(UnixSocketFile.parsePermissions("rw-rw----")));

		assertThat(UnixSocketFile.isSocket(address.path())).isTrue();
		assertThat(mode(address.path())).isEqualTo("rw-rw----");
	}

}
