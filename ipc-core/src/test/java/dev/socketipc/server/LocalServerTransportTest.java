package dev.socketipc.server;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import javax.net.ssl.SSLContext;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.socketipc.client.ClientOptions;
import dev.socketipc.client.IpcClientFactory;
import dev.socketipc.client.IpcConnection;
import dev.socketipc.client.IpcConnectionException;
import dev.socketipc.testsupport.LineClient;
import dev.socketipc.testsupport.TestTransport;
import dev.socketipc.transport.IpcAddress;
import dev.socketipc.transport.IpcBindException;
import dev.socketipc.transport.Tls;
import dev.socketipc.transport.Transports;
import io.netty.channel.EventLoopGroup;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The shared suite over Netty's in-JVM transport, and what only {@code local:} has: a
 * name instead of a file or port, fixed peer credentials, no TLS.
 */
class LocalServerTransportTest extends AbstractServerTransportTest {

	private String address;

	@Override
	TestTransport transport() {
		return TestTransport.LOCAL;
	}

	@Override
	IpcAddress newAddress() throws IOException {
		this.address = TestTransport.LOCAL.newAddress();
		return IpcAddress.parse(this.address);
	}

	@Test
	void reportsTheLocalNameAsItsAddress() {
		assertThat(this.server.address()).isEqualTo(IpcAddress.parse(this.address))
			.isInstanceOf(IpcAddress.Local.class);
	}

	@Test
	void secondServerOnTheSameNameFailsNamingItAndTheFirstKeepsServing() throws IOException {
		IpcServer second = newServer(this.server.address());

		assertThatExceptionOfType(IpcBindException.class).isThrownBy(second::start)
			.withMessage("Could not start the IPC server on " + this.address
					+ ": another IPC server in this JVM already listens on " + this.address)
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(IpcBindException.Reason.ADDRESS_IN_USE));
		LineClient client = connect();
		client.call(1, "add", 2, 3);
		assertThat(client.readLine()).isEqualTo("{\"success\":true,\"rid\":1,\"data\":5}");
	}

	@Test
	void theNameIsFreeAgainOnceTheServerStops() throws IOException {
		this.server.stop();
		assertThat(LineClient.accepts(this.server.address().socketAddress())).isFalse();

		IpcServer again = startServer(this.server.address());

		LineClient client = connect(again);
		client.call(1, "add", 4);
		assertThat(client.readLine()).isEqualTo("{\"success\":true,\"rid\":1,\"data\":4}");
	}

	@Test
	void peerReportsTheCredentialsSetWithLocalPeer() throws IOException {
		IpcServer server = IpcServer.builder()
			.address(IpcAddress.parse(TestTransport.LOCAL.newAddress()))
			.service(ServiceDefinition.of("", this.service))
			.localPeer(4242, 4343)
			.build();
		server.start();
		try {
			Calculator calculator = proxy(server.address());

			assertThat(calculator.peerUser()).isEqualTo("4242");
		}
		finally {
			server.stop();
		}
	}

	@Test
	void allowedUidsRefuseALocalPeerOutsideThemAndCountIt() throws IOException {
		IpcServer server = restricted(IpcServer.builder().allowedUids(List.of(4242L)));
		try (LineClient client = LineClient.connect(server.address().socketAddress())) {
			client.awaitEndOfStream();
		}
		finally {
			server.stop();
		}
		assertThat(server.statistics().refusedConnections()).isEqualTo(1);
	}

	@Test
	void allowedUidsLetInTheUidSetWithLocalPeer() throws IOException {
		IpcServer server = restricted(IpcServer.builder().allowedUids(List.of(4242L)).localPeer(4242, 4343));
		try (LineClient client = LineClient.connectAndSkipRegister(server.address().socketAddress())) {
			client.call(1, "add", 1);
			assertThat(client.readLine()).isEqualTo("{\"success\":true,\"rid\":1,\"data\":1}");
		}
		finally {
			server.stop();
		}
	}

	@Test
	void allowedUidsLetInThisJvmsOwnUidByDefault() throws IOException {
		long uid = new com.sun.security.auth.module.UnixSystem().getUid();
		IpcServer server = restricted(IpcServer.builder().allowedUids(List.of(uid)));
		try (LineClient client = LineClient.connectAndSkipRegister(server.address().socketAddress())) {
			client.call(1, "add", 1);
			assertThat(client.readLine()).isEqualTo("{\"success\":true,\"rid\":1,\"data\":1}");
		}
		finally {
			server.stop();
		}
	}

	private IpcServer restricted(IpcServerBuilder builder) throws IOException {
		IpcServer server = builder.address(IpcAddress.parse(TestTransport.LOCAL.newAddress()))
			.service(ServiceDefinition.of("", this.service))
			.build();
		server.start();
		return server;
	}

	@Test
	void tlsIsRefusedWhenTheServerIsBuilt() throws Exception {
		IpcServerBuilder builder = IpcServer.builder()
			.address(this.server.address())
			.tls(Tls.of(SSLContext.getDefault()));

		assertThatIllegalStateException().isThrownBy(builder::build)
			.withMessage("TLS (ipc.server.ssl) cannot be used with " + this.address
					+ ": a local: address never leaves this JVM, so there is nothing to encrypt; "
					+ "remove the TLS settings or use a tcp:// address");
	}

	@Test
	void tlsIsRefusedWhenTheConnectionIsBuilt() throws Exception {
		SSLContext context = SSLContext.getDefault();

		assertThatIllegalArgumentException()
			.isThrownBy(() -> IpcConnection.builder(this.server.address()).tls(Tls.of(context)))
			.withMessage("TLS cannot be used with " + this.address
					+ ": a local: address never leaves this JVM, so there is nothing to encrypt; "
					+ "remove the client's ssl settings or use a tcp:// address");
	}

	@Test
	void connectionGivenASharedNioGroupStillConnects() {
		EventLoopGroup nio = Transports.newEventLoopGroup(1, "test-nio", true);
		try (IpcConnection connection = IpcConnection.builder(this.server.address()).eventLoopGroup(nio).build()) {
			Calculator calculator = IpcClientFactory.create(Calculator.class, connection, ClientOptions.defaults());

			assertThat(calculator.add(20, 22)).isEqualTo(42);
			assertThat(Transports.canRun(nio, this.server.address())).isFalse();
		}
		finally {
			nio.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
		}
	}

	@Test
	void allowedServerUidsAcceptThisJvmAsTheServer() {
		long uid = new com.sun.security.auth.module.UnixSystem().getUid();
		try (IpcConnection own = IpcConnection.builder(this.server.address()).allowedServerUids(List.of(uid)).build();
				IpcConnection other = IpcConnection.builder(this.server.address())
					.allowedServerUids(List.of(uid + 4242))
					.connectTimeout(Duration.ofSeconds(5))
					.build()) {
			Calculator calculator = IpcClientFactory.create(Calculator.class, own, ClientOptions.defaults());
			assertThat(calculator.add(1, 1)).isEqualTo(2);

			Calculator refused = IpcClientFactory.create(Calculator.class, other, ClientOptions.defaults());
			assertThatExceptionOfType(IpcConnectionException.class).isThrownBy(() -> refused.add(1))
				.withMessageContaining("not one of allowed-server-uids [" + (uid + 4242) + "]");
		}
	}

	@Test
	void callToANameNobodyBindsFailsFastNamingIt() {
		IpcAddress unbound = IpcAddress.parse(this.address + "-unbound");
		Calculator calculator = proxy(unbound);

		assertThatExceptionOfType(IpcConnectionException.class).isThrownBy(() -> calculator.add(1))
			.withMessageStartingWith("IPC call 'add' not sent: the server at " + unbound + " is unavailable")
			.withMessageContaining("connection refused: " + unbound);
	}

	@Test
	void closingAConnectionGivenAnNioGroupLeavesNoClientThreadAndNoWarning() throws IOException {
		ListAppender<ILoggingEvent> warnings = new ListAppender<>();
		Logger netty = (Logger) LoggerFactory.getLogger("io.netty.channel.local");
		warnings.start();
		netty.addAppender(warnings);
		EventLoopGroup nio = Transports.newEventLoopGroup(1, "test-nio", true);
		IpcServer server = startServer(IpcAddress.parse(TestTransport.LOCAL.newAddress()));
		try {
			Set<Thread> before = clientThreads();
			try (IpcConnection connection = IpcConnection.builder(server.address()).eventLoopGroup(nio).build()) {
				Calculator calculator = IpcClientFactory.create(Calculator.class, connection, ClientOptions.defaults());
				assertThat(calculator.add(20, 22)).isEqualTo(42);
				assertThat(clientThreads()).as("event loops of client connections").isEqualTo(before);
			}
			server.stop();
			assertThat(clientThreads()).isEqualTo(before);
			assertThat(warnings.list).extracting(ILoggingEvent::getFormattedMessage)
				.noneMatch((message) -> message.contains("Releasing Inbound Queues"));
		}
		finally {
			netty.detachAppender(warnings);
			nio.shutdownGracefully(0, 1, TimeUnit.SECONDS);
		}
	}

	/**
	 * The threads of event loop groups owned by one client connection each.
	 */
	private static Set<Thread> clientThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().matches("ipc-client-\\d+-\\d+"))
			.collect(Collectors.toSet());
	}

}
