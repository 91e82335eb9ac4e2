package dev.socketipc.hardening;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.socketipc.server.IpcServer;
import dev.socketipc.server.ServiceDefinition;
import dev.socketipc.testsupport.LineClient;
import dev.socketipc.testsupport.SocketPaths;
import dev.socketipc.transport.IpcAddress;
import dev.socketipc.transport.UnixSocketFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The Unix socket file and its lock file ({@code <socket>.lock}) across processes: a
 * server killed with {@code SIGKILL} never blocks the next start, a live server's socket
 * is never taken over, and of two servers started at the same moment on one path exactly
 * one wins; nothing planted at the lock file's path (a link to a victim file, another
 * user's file, a pipe) is ever written through or has its mode changed. (Regular files,
 * directories and symbolic links at the path are refused: {@code UnixSocketFileTest} and
 * {@code UnixServerTransportTest}.)
 */
@ExtendWith(OutputCaptureExtension.class)
class SocketFileSafetyTest {

	private Path directory;

	private IpcAddress.Unix address;

	private Path lockFile;

	private final List<IpcServer> servers = new ArrayList<>();

	private final List<ServerProcess> processes = new ArrayList<>();

	private final List<LineClient> clients = new ArrayList<>();

	@BeforeEach
	void setUp() throws IOException {
		this.directory = SocketPaths.newSocketDirectory();
		this.address = TestSockets.unixAddress(this.directory, "s.sock");
		this.lockFile = this.directory.resolve("s.sock.lock");
	}

	@AfterEach
	void tearDown() throws Exception {
		for (LineClient client : this.clients) {
			client.close();
		}
		this.servers.forEach(IpcServer::stop);
		for (ServerProcess process : this.processes) {
			process.close();
		}
		SocketPaths.deleteRecursively(this.directory);
	}

	private ServerProcess startProcess() throws IOException {
		ServerProcess process = ServerProcess.start(this.address, this.directory.resolve("child.log"));
		this.processes.add(process);
		return process;
	}

	private IpcServer newServer() {
		IpcServer server = IpcServer.builder()
			.address(this.address)
			.service(ServiceDefinition.of("", new AddService()))
			.shutdownTimeout(Duration.ZERO)
			.build();
		this.servers.add(server);
		return server;
	}

	private void assertServes(IpcAddress target) throws IOException {
		try (LineClient client = LineClient.connectAndSkipRegister(target.socketAddress())) {
			client.call(1, "add", 2, 3);
			assertThat(client.readLine()).isEqualTo("{\"success\":true,\"rid\":1,\"data\":5}");
		}
	}

	@Test
	void serverKilledWithSigkillLeavesItsSocketAndLockAndTheNextStartRebindsAtOnce() throws Exception {
		ServerProcess crashed = startProcess();
		assertThat(UnixSocketFile.isSocket(this.address.path())).isTrue();
		assertThat(this.lockFile).hasContent(crashed.pid() + "\n");

		crashed.kill();

		assertThat(UnixSocketFile.isSocket(this.address.path())).as("the stale socket is left behind").isTrue();
		assertThat(this.lockFile).as("the lock file is left behind, unlocked").exists();
		IpcServer next = newServer();
		next.start();
		assertThat(next.isRunning()).isTrue();
		assertServes(this.address);
		assertThat(this.lockFile).hasContent(ProcessHandle.current().pid() + "\n");

		next.stop();

		assertThat(this.address.path()).doesNotExist();
		assertThat(this.lockFile).doesNotExist();
	}

	@Test
	void liveServerInAnotherProcessKeepsItsSocketAndKeepsServing() throws Exception {
		ServerProcess live = startProcess();
		IpcServer intruder = newServer();

		assertThatIllegalStateException().isThrownBy(intruder::start)
			.withMessageContaining("another server holds its lock file " + this.lockFile);

		assertThat(intruder.isRunning()).isFalse();
		assertThat(live.isAlive()).isTrue();
		assertThat(UnixSocketFile.isSocket(this.address.path())).isTrue();
		assertThat(this.lockFile).hasContent(live.pid() + "\n");
		assertServes(this.address);
	}

	@Test
	void ofTwoServersStartedAtTheSameMomentOnOnePathExactlyOneWins() throws Exception {
		ExecutorService starters = Executors.newFixedThreadPool(2);
		try {
			for (int round = 0; round < 20; round++) {
				IpcServer first = newServer();
				IpcServer second = newServer();
				CountDownLatch gate = new CountDownLatch(1);
				Future<Throwable> firstStart = starters.submit(() -> start(first, gate));
				Future<Throwable> secondStart = starters.submit(() -> start(second, gate));
				gate.countDown();
				Throwable firstFailure = firstStart.get(TestSockets.WAIT.toSeconds(), TimeUnit.SECONDS);
				Throwable secondFailure = secondStart.get(TestSockets.WAIT.toSeconds(), TimeUnit.SECONDS);

				assertThat(first.isRunning() ^ second.isRunning()).as("exactly one running in round %d", round)
					.isTrue();
				Throwable loser = first.isRunning() ? secondFailure : firstFailure;
				assertThat(loser).as("the loser's failure in round %d", round)
					.isInstanceOf(IllegalStateException.class)
					.hasMessageContaining("another server holds its lock file " + this.lockFile);
				assertThat(first.isRunning() ? firstFailure : secondFailure).isNull();
				assertServes(this.address);

				first.stop();
				second.stop();
				assertThat(this.address.path()).doesNotExist();
				assertThat(this.lockFile).doesNotExist();
			}
		}
		finally {
			starters.shutdownNow();
		}
	}

	@Test
	void symbolicLinkAtTheLockPathIsRefusedAndItsTargetKeepsItsContentAndMode() throws Exception {
		Path victim = Files.writeString(this.directory.resolve("victim"), "precious\n");
		Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-r--r--"));
		Files.createSymbolicLink(this.lockFile, victim);

		assertRefusedLockFile("is a symbolic link, not a regular file");

		assertThat(victim).hasContent("precious");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(victim))).isEqualTo("rw-r--r--");
		assertThat(Files.readSymbolicLink(this.lockFile)).isEqualTo(victim);
	}

	@Test
	void danglingSymbolicLinkAtTheLockPathIsRefusedAndCreatesNothing() throws Exception {
		Path missing = this.directory.resolve("created-through-the-link");
		Files.createSymbolicLink(this.lockFile, missing);

		assertRefusedLockFile("is a symbolic link, not a regular file");

		assertThat(missing).doesNotExist();
	}

	@Test
	void hardLinkToAVictimFileAtTheLockPathIsRefusedAndTheVictimKeepsItsContentAndMode() throws Exception {
		Path victim = Files.writeString(this.directory.resolve("victim"), "precious\n");
		Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-r--r--"));
		Files.createLink(this.lockFile, victim);

		assertRefusedLockFile("has 2 hard links");

		assertThat(victim).hasContent("precious");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(victim))).isEqualTo("rw-r--r--");
	}

	@Test
	void lockFileOwnedByAnotherUserIsRefusedAndLeftAsItIs() throws Exception {
		assumeThat(Files.getAttribute(Path.of("/proc/self"), "unix:uid")).as("runs as root, to chown to nobody")
			.isEqualTo(0);
		Files.writeString(this.lockFile, "planted\n");
		Files.setOwner(this.lockFile,
				FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));

		assertRefusedLockFile("is owned by uid " + Files.getAttribute(this.lockFile, "unix:uid")
				+ ", not by uid 0 that this server runs as");

		assertThat(this.lockFile).hasContent("planted");
	}

	@Test
	@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
	void namedPipeAtTheLockPathIsRefusedWithoutBlocking() throws Exception {
		Process mkfifo = new ProcessBuilder("mkfifo", this.lockFile.toString()).start();
		assertThat(mkfifo.waitFor()).isZero();

		assertRefusedLockFile("is a named pipe, not a regular file");
	}

	private void assertRefusedLockFile(String problem) {
		IpcServer server = newServer();

		assertThatIllegalStateException().isThrownBy(server::start)
			.withMessage("Could not start the IPC server on " + this.address + ": Refusing the lock file "
					+ this.lockFile + ": it " + problem + "; it was left untouched (another user may have planted it), "
					+ "remove it or choose another socket path");
		assertThat(server.isRunning()).isFalse();
		assertThat(this.address.path()).doesNotExist();
		assertThat(Files.exists(this.lockFile, java.nio.file.LinkOption.NOFOLLOW_LINKS)).as("left in place").isTrue();
	}

	@Test
	void relativeSocketPathIsReportedAndLoggedResolved(CapturedOutput output) throws IOException {
		Path relative = Path.of("").toAbsolutePath().relativize(this.address.path());
		assertThat(relative.isAbsolute()).isFalse();
		IpcServer server = IpcServer.builder()
			.address(new IpcAddress.Unix(relative))
			.service(ServiceDefinition.of("", new AddService()))
			.build();
		this.servers.add(server);

		server.start();

		assertThat(server.address()).isEqualTo(this.address);
		assertThat(output).contains("IPC server listening on " + this.address + " with 1 method(s)");
		assertServes(server.address());
	}

	private static Throwable start(IpcServer server, CountDownLatch gate) throws InterruptedException {
		gate.await();
		try {
			server.start();
			return null;
		}
		catch (RuntimeException ex) {
			return ex;
		}
	}

	/** What the in-process servers serve; the same {@code add} as the child process. */
	static final class AddService {

		public int add(int a, int b) {
			return a + b;
		}

	}

}
