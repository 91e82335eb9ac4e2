package dev.socketipc.autoconfigure.observation;

import dev.socketipc.transport.IpcAddress;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TransportsTest {

	@Test
	void namesEachTransportAndItsHost() {
		IpcAddress unix = IpcAddress.parse("unix:/run/app/ipc.sock");
		IpcAddress tcp = IpcAddress.parse("tcp://127.0.0.1:7070");
		IpcAddress local = IpcAddress.parse("local:calculator");

		assertThat(Transports.name(unix)).isEqualTo("unix");
		assertThat(Transports.name(tcp)).isEqualTo("tcp");
		assertThat(Transports.name(local)).isEqualTo("inproc");
		assertThat(Transports.host(unix)).isEqualTo("/run/app/ipc.sock");
		assertThat(Transports.host(tcp)).isEqualTo("127.0.0.1");
		assertThat(Transports.host(local)).isEqualTo("calculator");
	}

}
