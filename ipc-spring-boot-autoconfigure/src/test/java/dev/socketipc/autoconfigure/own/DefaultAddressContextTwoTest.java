package dev.socketipc.autoconfigure.own;

import java.nio.file.Files;

import dev.socketipc.server.IpcServer;
import dev.socketipc.transport.IpcAddress;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One of two {@code @SpringBootTest} classes of the same application with different
 * properties, both on the default address, without {@code @DirtiesContext}: whichever
 * context starts second listens beside the first, and each one's own client reaches its
 * own server, in either order and with parallel test classes.
 */
@SpringBootTest(classes = OwnApplication.class, properties = { "spring.application.name=" + OwnApplication.NAME,
		"ipc.client.servers.myself.address=self", "greeting=two" })
class DefaultAddressContextTwoTest {

	@Autowired
	private GreeterClient greeter;

	@Autowired
	private SelfClient self;

	@Autowired
	private IpcServer server;

	@Value("${local.ipc.server.address}")
	private String localAddress;

	@Test
	void ownClientsReachThisContextsServerOnADefaultSocket() {
		assertThat(this.greeter.greet("x")).isEqualTo("two x");
		assertThat(this.self.greet("y")).isEqualTo("two y");
		IpcAddress.Unix address = (IpcAddress.Unix) this.server.address();
		assertThat(address.path().getFileName().toString()).matches(OwnApplication.NAME + "(-\\d+)?\\.sock");
		assertThat(Files.exists(address.path())).isTrue();
		assertThat(this.localAddress).isEqualTo(address.toString());
	}

}
