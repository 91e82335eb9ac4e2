package dev.socketipc.transport;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.socketipc.client.ClientOptions;
import dev.socketipc.client.IpcClientFactory;
import dev.socketipc.client.IpcConnection;
import dev.socketipc.client.ReconnectBackoff;
import dev.socketipc.server.IpcServer;
import dev.socketipc.server.IpcServerBuilder;
import dev.socketipc.server.ServiceDefinition;
import dev.socketipc.testsupport.SocketPaths;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The paths that differ on Netty's native transports, each run on epoll and io_uring with
 * real Unix sockets and TCP: servers and clients on the transport they are given, and
 * what each transport reads differently (addresses, half-close, peer credentials).
 */
@ExtendWith(OutputCaptureExtension.class)
class NativeTransportTest {

	private final List<AutoCloseable> resources = new ArrayList<>();

	private Path directory;

	@BeforeEach
	void createDirectory() throws IOException {
		this.directory = SocketPaths.newSocketDirectory();
	}

	@AfterEach
	void cleanUp() throws Exception {
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
		SocketPaths.deleteRecursively(this.directory);
	}

	@ParameterizedTest
	@EnumSource(names = { "EPOLL", "IO_URING" })
	void serverAndClientAnswerOverUnixAndTcpAndTheStartLineNamesTheTransport(IoTransport transport,
			CapturedOutput output) {
		IpcServer unix = start(IpcServer.builder().address(new IpcAddress.Unix(this.directory.resolve("n.sock"))),
				transport);
		IpcServer tcp = start(IpcServer.builder().address(IpcAddress.parse("tcp://127.0.0.1:0")), transport);

		assertThat(calculator(unix.address(), transport).add(1, 2)).isEqualTo(3);
		assertThat(calculator(tcp.address(), transport).add(2, 3)).isEqualTo(5);
		assertThat(output).contains("IPC server listening on " + unix.address() + " with 1 method(s)")
			.contains("; I/O with " + transport.value());
	}

	private IpcServer start(IpcServerBuilder builder, IoTransport transport) {
		IpcServer server = builder.service(ServiceDefinition.of("", new Adder())).transport(transport).build();
		server.start();
		this.resources.add(server::stop);
		return server;
	}

	private Calculator calculator(IpcAddress address, IoTransport transport) {
		IpcConnection connection = IpcConnection.builder(address)
			.transport(transport)
			.reconnectBackoff(new ReconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(200), 2.0, 0.2))
			.build();
		this.resources.add(connection);
		return IpcClientFactory.create(Calculator.class, connection, ClientOptions.defaults());
	}

	/** The server side. */
	public static final class Adder {

		public int add(int a, int b) {
			return a + b;
		}

	}

	/** The client's view of {@link Adder}. */
	public interface Calculator {

		int add(int a, int b);

	}

}
