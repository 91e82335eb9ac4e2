package dev.socketipc.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import dev.socketipc.testsupport.LineClient;
import dev.socketipc.testsupport.TestTransport;
import dev.socketipc.transport.IpcAddress;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class TcpServerTransportTest extends AbstractServerTransportTest {

	@Override
	TestTransport transport() {
		return TestTransport.TCP;
	}

	@Override
	IpcAddress newAddress() {
		return IpcAddress.parse("tcp://127.0.0.1:0");
	}

	@Test
	void reportsTheRealPortBoundForPortZero() throws IOException {
		IpcAddress.Tcp address = (IpcAddress.Tcp) this.server.address();

		assertThat(address.host()).isEqualTo("127.0.0.1");
		assertThat(address.port()).isBetween(1, 65535);
		try (ServerSocket probe = new ServerSocket()) {
			assertThatIOException().as("the reported port is the one bound")
				.isThrownBy(() -> probe.bind(new InetSocketAddress("127.0.0.1", address.port())));
		}
		LineClient client = connect();
		client.call(1, "add", 1);
		assertThat(client.readLine()).isEqualTo("{\"success\":true,\"rid\":1,\"data\":1}");
	}

	@Test
	void secondServerOnTheSamePortFailsNamingTheAddressAndTheFirstKeepsServing() throws IOException {
		IpcServer second = newServer(this.server.address());

		assertThatIllegalStateException().isThrownBy(second::start)
			.withMessageStartingWith("Could not start the IPC server on " + this.server.address());

		LineClient client = connect();
		client.call(1, "add", 2, 3);
		assertThat(client.readLine()).isEqualTo("{\"success\":true,\"rid\":1,\"data\":5}");
	}

}
