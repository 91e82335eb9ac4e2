package dev.socketipc.server;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import dev.socketipc.testsupport.LineClient;
import dev.socketipc.testsupport.TestTransport;
import dev.socketipc.testsupport.SocketPaths;
import dev.socketipc.transport.IpcAddress;
import dev.socketipc.transport.UnixSocketFile;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class UnixServerTransportTest extends AbstractServerTransportTest {

	private Path dir;

	@Override
	TestTransport transport() {
		return TestTransport.UNIX;
	}

	@Override
	IpcAddress newAddress() throws IOException {
		this.dir = SocketPaths.newSocketDirectory();
		return new IpcAddress.Unix(this.dir.resolve("s.sock"));
	}

	@Override
	void cleanUp() throws IOException {
		if (this.dir == null) {
			return;
		}
		SocketPaths.deleteRecursively(this.dir);
	}

	private Path socketPath() {
		return ((IpcAddress.Unix) this.server.address()).path();
	}

	@Test
	void reportsTheConfiguredPathAsItsAddress() {
		assertThat(this.server.address()).isEqualTo(new IpcAddress.Unix(this.dir.resolve("s.sock")));
	}

	@Test
	void socketFileIsOwnerOnlyWhileRunningAndRemovedAfterStop() throws IOException {
		Path path = socketPath();

		assertThat(UnixSocketFile.isSocket(path)).isTrue();
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-------");

		this.server.stop();

		assertThat(path).doesNotExist();
		assertThat(this.dir).exists();
	}

	@Test
	void secondServerOnTheSameLivePathFailsNamingItAndTheFirstKeepsServing() throws IOException {
		Path path = socketPath();
		IpcServer second = newServer(this.server.address());

		assertThatIllegalStateException().isThrownBy(second::start)
			.withMessage("Could not start the IPC server on unix:" + path + ": Cannot bind Unix socket " + path
					+ ": another server holds its lock file " + path + ".lock (it is starting or running);"
					+ " stop it or choose another path");

		assertThat(second.isRunning()).isFalse();
		assertThat(UnixSocketFile.isSocket(path)).isTrue();
		LineClient client = connect();
		client.call(1, "add", 2, 3);
		assertThat(client.readLine()).isEqualTo("{\"success\":true,\"rid\":1,\"data\":5}");
	}

	@Test
	void startsOnAPathWhereAStaleSocketFileWasLeft() throws IOException {
		Path stale = this.dir.resolve("stale.sock");
		try (ServerSocketChannel crashed = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			crashed.bind(UnixDomainSocketAddress.of(stale));
		}
		assertThat(UnixSocketFile.isSocket(stale)).as("the JDK leaves the socket file on close").isTrue();

		IpcServer restarted = startServer(new IpcAddress.Unix(stale));

		assertThat(restarted.isRunning()).isTrue();
		LineClient client = connect(restarted);
		client.call(1, "echo", "back");
		assertThat(client.readLine()).isEqualTo("{\"success\":true,\"rid\":1,\"data\":\"back\"}");
	}

	@Test
	void createsMissingParentDirectoriesOfTheSocket() throws IOException {
		Path nested = this.dir.resolve("run/app/n.sock");

		IpcServer nestedServer = startServer(new IpcAddress.Unix(nested));

		assertThat(UnixSocketFile.isSocket(nested)).isTrue();
		LineClient client = connect(nestedServer);
		client.call(1, "add", 1);
		assertThat(client.readLine()).isEqualTo("{\"success\":true,\"rid\":1,\"data\":1}");
	}

	@Test
	void refusesToStartOnARegularFileAndLeavesItUntouched() throws IOException {
		Path file = Files.writeString(this.dir.resolve("data.txt"), "precious");
		IpcServer refused = newServer(new IpcAddress.Unix(file));

		assertThatIllegalStateException().isThrownBy(refused::start).withMessageContaining(file.toString());

		assertThat(file).hasContent("precious");
	}

}
