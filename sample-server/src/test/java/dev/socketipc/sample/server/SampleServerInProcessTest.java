package dev.socketipc.sample.server;

import java.util.concurrent.CompletableFuture;

import dev.socketipc.client.ClientOptions;
import dev.socketipc.client.IpcClientFactory;
import dev.socketipc.client.IpcConnection;
import dev.socketipc.test.LocalIpcServerAddress;
import dev.socketipc.test.autoconfigure.AutoConfigureIpcInProcessTransport;
import dev.socketipc.transport.IpcAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample server in-process: its server binds a {@code local:} address instead of its
 * socket (so this test never collides with a sample server running on the machine), and a
 * client of that address gets the seed's answers.
 */
@SpringBootTest
@AutoConfigureIpcInProcessTransport
@Timeout(30)
class SampleServerInProcessTest {

	@LocalIpcServerAddress
	private String address;

	private IpcConnection connection;

	@AfterEach
	void close() {
		if (this.connection != null) {
			this.connection.close();
		}
	}

	@Test
	void answersTheSeedCallsWithoutASocket() {
		IpcAddress local = IpcAddress.parse(this.address);
		assertThat(local).isInstanceOf(IpcAddress.Local.class);
		this.connection = IpcConnection.builder(local).build();
		Seed seed = IpcClientFactory.create(Seed.class, this.connection, ClientOptions.defaults());
		assertThat(seed.add(1, 2, 3, 4, 5)).isEqualTo(15);
		assertThat(seed.time(1, 2, 3, 4, 5).join()).isEqualTo(120);
	}

	interface Seed {

		int add(int... numbers);

		CompletableFuture<Integer> time(int... numbers);

	}

}
