package dev.socketipc.autoconfigure;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import dev.socketipc.testsupport.SocketPaths;
import dev.socketipc.transport.UnixSocketFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Real failing startups of a {@link SpringApplication} whose IPC server cannot listen:
 * Spring Boot's failure report gives a description and an action instead of a bare stack
 * trace.
 */
@ExtendWith(OutputCaptureExtension.class)
class IpcBindFailureAnalyzerTest {

	private Path dir;

	@BeforeEach
	void createDirectory() throws IOException {
		this.dir = SocketPaths.newSocketDirectory();
	}

	@AfterEach
	void deleteDirectory() throws IOException {
		SocketPaths.deleteRecursively(this.dir);
	}

	private static void startFails(String address) {
		SpringApplication application = new SpringApplication(ServerApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatException()
			.isThrownBy(() -> application.run("--ipc.server.address=" + address, "--spring.main.banner-mode=off"));
	}

	private static void assertReport(CapturedOutput output, String description, String action) {
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Description:\n\n" + description + "\n\nCould not start the IPC server on ")
			.contains("Action:\n\n" + action);
	}

	@Test
	void tcpPortInUse(CapturedOutput output) throws IOException {
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
			String address = "tcp://127.0.0.1:" + taken.getLocalPort();

			startFails(address);

			assertReport(output, "The IPC server could not listen on " + address + ": the address is already in use.",
					"Stop the process that listens on " + address
							+ ", or set ipc.server.address to another address (tcp://127.0.0.1:0 picks any free port).");
		}
	}

	@Test
	void liveServerOnTheSocketPath(CapturedOutput output) throws IOException {
		Path socket = this.dir.resolve("s.sock");
		try (ServerSocketChannel live = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			live.bind(UnixDomainSocketAddress.of(socket));

			startFails("unix:" + socket);

			assertReport(output,
					"The IPC server could not listen on " + socket + ": another server is listening on it.",
					"Stop the other server, or set ipc.server.address (or spring.application.name, which names the "
							+ "default socket) so that each server has its own socket.");
		}
	}

	@Test
	void socketPathTooLong(CapturedOutput output) {
		Path socket = this.dir.resolve("s".repeat(UnixSocketFile.maxPathBytes()));

		startFails("unix:" + socket);

		assertReport(output,
				"The IPC server could not listen: its Unix socket path " + socket
						+ " is longer than the platform's limit of " + UnixSocketFile.maxPathBytes() + " bytes.",
				"Set ipc.server.address to a shorter path, or shorten spring.application.name when the address is "
						+ "the default one.");
	}

	@Test
	void parentThatIsNotADirectory(CapturedOutput output) throws IOException {
		Path file = Files.writeString(this.dir.resolve("file"), "x");

		startFails("unix:" + file.resolve("s.sock"));

		assertReport(output,
				"The IPC server could not listen: the directory of its socket, " + file
						+ ", is missing and could not be created, or is not a directory.",
				"Create the directory, or set ipc.server.address to a socket in a directory that exists.");
	}

	@Test
	void permissionDenied(CapturedOutput output) throws IOException {
		// root may write anywhere but sysfs; another user may not write a read-only
		// directory
		Path denied = Path.of("/sys");
		if (!Files.getAttribute(Path.of("/proc/self"), "unix:uid").equals(0)) {
			denied = Files.createDirectory(this.dir.resolve("read-only"),
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("r-x------")));
		}
		Path socket = denied.resolve("ipc-" + ProcessHandle.current().pid() + ".sock");
		Path lock = Path.of(socket + ".lock");
		assertThat(canCreate(lock)).as("creating " + lock).isFalse();

		startFails("unix:" + socket);

		assertReport(output, "The IPC server could not listen: permission denied on " + lock + ".",
				"Run the application as a user that may create " + lock + " (TCP ports below 1024 need privileges), "
						+ "or set ipc.server.address to a socket in a directory this user owns.");
	}

	@Test
	void symbolicLinkPlantedAtTheLockPath(CapturedOutput output) throws IOException {
		Path socket = this.dir.resolve("s.sock");
		Path lock = Files.createSymbolicLink(this.dir.resolve("s.sock.lock"), this.dir.resolve("victim"));

		startFails("unix:" + socket);

		assertReport(output,
				"The IPC server refused to use " + lock
						+ ": it is not a file the server created, and another user may have planted it.",
				"Remove " + lock + " if nothing needs it, or set ipc.server.address to a socket in a directory only "
						+ "this user can write.");
	}

	@Test
	void defaultSocketDirectoryPlantedByAnotherUser() throws Exception {
		assumeThat(Files.getAttribute(Path.of("/proc/self"), "unix:uid")).as("runs as root, to chown to nobody")
			.isEqualTo(0);
		Path planted = Files.createDirectory(this.dir.resolve("socket-ipc-0"),
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		Files.setOwner(planted,
				FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		ProcessBuilder builder = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-Xmx128m",
				"-Djava.io.tmpdir=" + this.dir, "-cp", System.getProperty("java.class.path"),
				DefaultAddressMain.class.getName())
			.redirectErrorStream(true);
		builder.environment().remove("XDG_RUNTIME_DIR");
		Process child = builder.start();
		String printed;
		try {
			printed = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the child exited").isTrue();
		}
		finally {
			child.destroyForcibly();
		}

		assertThat(child.exitValue()).as(printed).isEqualTo(1);
		assertThat(printed).doesNotContain("STARTED")
			.contains("APPLICATION FAILED TO START")
			.contains("Description:\n\nThe socket directory " + planted + " was refused: it belongs to another user "
					+ "or is open to others, who could take or watch the sockets in it.")
			.contains("it is owned by uid " + Files.getAttribute(planted, "unix:uid")
					+ ", not by uid 0 that this process runs as")
			.contains("Action:\n\nIf another user created " + planted + ", remove it");
		assertThat(planted).isEmptyDirectory();
	}

	private static boolean canCreate(Path path) {
		try {
			Files.createFile(path);
			Files.delete(path);
			return true;
		}
		catch (AccessDeniedException ex) {
			return false;
		}
		catch (IOException ex) {
			return true;
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(IpcServerAutoConfiguration.class)
	static class ServerApplication {

		@Bean
		EchoService echoService() {
			return new EchoService();
		}

	}

	@IpcService
	static class EchoService {

		public String echo(String text) {
			return text;
		}

	}

}
