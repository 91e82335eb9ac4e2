package dev.socketipc.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.SSLContext;

import dev.socketipc.client.IpcConnectionBuilder;
import dev.socketipc.server.IpcServerBuilder;
import dev.socketipc.client.ClientOptions;
import dev.socketipc.client.IpcClientFactory;
import dev.socketipc.client.IpcConnection;
import dev.socketipc.client.IpcConnectionException;
import dev.socketipc.client.IpcTimeoutException;
import dev.socketipc.client.ReconnectBackoff;
import dev.socketipc.server.IpcServer;
import dev.socketipc.server.ServiceDefinition;
import dev.socketipc.transport.IoTransport;
import dev.socketipc.transport.IpcAddress;
import dev.socketipc.transport.Tls;
import dev.socketipc.transport.Tls.ClientAuth;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThatCode;
import static org.awaitility.Awaitility.await;

/**
 * TLS over TCP with the core API ({@link IpcServerBuilder#tls(Tls)},
 * {@link IpcConnectionBuilder#tls(Tls)}): calls over TLS and mutual TLS, certificate and
 * host name checks on both sides, and plaintext peers of a TLS server that fail with a
 * clear message instead of hanging.
 */
@Timeout(60)
class TlsTransportTest {

	private static final ReconnectBackoff FAST_BACKOFF = new ReconnectBackoff(Duration.ofMillis(20),
			Duration.ofMillis(200), 2.0, 0.2);

	private static TestCertificates certificates;

	private final List<AutoCloseable> resources = new ArrayList<>();

	@BeforeAll
	static void generateCertificates() throws IOException {
		certificates = TestCertificates.generate();
	}

	@AfterAll
	static void deleteCertificates() throws IOException {
		if (certificates != null) {
			certificates.close();
		}
	}

	@AfterEach
	void closeResources() throws Exception {
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
	}

	@Test
	void callSucceedsOverTls() {
		IpcServer server = startServer("127.0.0.1", new Tls(certificates.serverContext(), ClientAuth.NONE, (e) -> {
		}));
		// ClientAuth.NONE: a client without a certificate of its own is served.
		Calc calc = client(server.address(), Tls.of(certificates.trustOnlyContext()), Duration.ofSeconds(10));

		assertThat(calc.add(1, 2, 3, 4, 5)).isEqualTo(15);
		assertThat(calc.echo("héllo\u2028wörld")).isEqualTo("héllo\u2028wörld");
	}

	@ParameterizedTest
	@EnumSource(names = { "EPOLL", "IO_URING" })
	void mutualTlsWorksOnTheNativeTransports(IoTransport transport) {
		assumeThatCode(transport::resolve).as(transport + " can run here").doesNotThrowAnyException();
		IpcServer server = IpcServer.builder()
			.address(new IpcAddress.Tcp("127.0.0.1", 0))
			.service(ServiceDefinition.of("", new CalcService()))
			.tls(new Tls(certificates.serverContext(), ClientAuth.NEED, (e) -> {
			}))
			.transport(transport)
			.build();
		server.start();
		this.resources.add(server::stop);
		IpcConnection connection = IpcConnection.builder(server.address())
			.reconnectBackoff(FAST_BACKOFF)
			.tls(Tls.of(certificates.clientContext()))
			.transport(transport)
			.build();
		this.resources.add(connection);
		Calc calc = IpcClientFactory.create(Calc.class, connection,
				new ClientOptions("", Duration.ofSeconds(10), Map.of()));

		assertThat(calc.add(1, 2, 3, 4, 5)).isEqualTo(15);
		assertThat(calc.echo("héllo\u2028wörld")).isEqualTo("héllo\u2028wörld");
	}

	@Test
	void mutualTlsServesAClientWithATrustedCertificate() {
		IpcServer server = startServer("127.0.0.1", new Tls(certificates.serverContext(), ClientAuth.NEED, (e) -> {
		}));
		Calc calc = client(server.address(), Tls.of(certificates.clientContext()), Duration.ofSeconds(10));

		assertThat(calc.add(1, 2, 3, 4, 5)).isEqualTo(15);
	}

	@Test
	void mutualTlsRefusesAClientWithoutACertificateAndSaysItWasTls() {
		IpcServer server = startServer("127.0.0.1", new Tls(certificates.serverContext(), ClientAuth.NEED, (e) -> {
		}));
		Calc anonymous = client(server.address(), Tls.of(certificates.trustOnlyContext()), Duration.ofSeconds(3));

		assertThatThrownBy(() -> anonymous.add(1, 2))
			.isInstanceOfAny(IpcTimeoutException.class, IpcConnectionException.class)
			.hasMessageContaining("IPC call 'add'")
			.hasMessageContaining("TLS with " + server.address() + " failed");

		// The refusal concerned that client only: one with a certificate is served at
		// once.
		Calc trusted = client(server.address(), Tls.of(certificates.clientContext()), Duration.ofSeconds(10));
		assertThat(trusted.add(1, 2)).isEqualTo(3);
	}

	@Test
	void wantClientAuthServesClientsWithAndWithoutCertificates() {
		IpcServer server = startServer("127.0.0.1", new Tls(certificates.serverContext(), ClientAuth.WANT, (e) -> {
		}));
		Calc anonymous = client(server.address(), Tls.of(certificates.trustOnlyContext()), Duration.ofSeconds(10));
		Calc trusted = client(server.address(), Tls.of(certificates.clientContext()), Duration.ofSeconds(10));

		assertThat(anonymous.add(1, 2)).isEqualTo(3);
		assertThat(trusted.add(3, 4)).isEqualTo(7);
	}

	@Test
	void clientRefusesAServerCertificateItDoesNotTrust() throws NoSuchAlgorithmException {
		IpcServer server = startServer("127.0.0.1", new Tls(certificates.serverContext(), ClientAuth.NONE, (e) -> {
		}));
		// The JDK's default trust (public CAs) does not include the test CA.
		Calc calc = client(server.address(), Tls.of(SSLContext.getDefault()), Duration.ofSeconds(3));

		assertThatThrownBy(() -> calc.add(1, 2))
			.isInstanceOfAny(IpcTimeoutException.class, IpcConnectionException.class)
			.hasMessageContaining("TLS with " + server.address() + " failed");
	}

	@Test
	void clientRefusesAServerCertificateThatDoesNotNameTheHostItConnectedTo() {
		// 127.0.0.2 is loopback too, but the certificate names only 127.0.0.1 and
		// localhost.
		IpcServer server = startServer("127.0.0.2", new Tls(certificates.serverContext(), ClientAuth.NONE, (e) -> {
		}));
		Calc calc = client(server.address(), Tls.of(certificates.trustOnlyContext()), Duration.ofSeconds(3));

		assertThatThrownBy(() -> calc.add(1, 2))
			.isInstanceOfAny(IpcTimeoutException.class, IpcConnectionException.class)
			.hasMessageContaining("TLS with " + server.address() + " failed")
			.hasMessageContaining("127.0.0.2");
	}

	@Test
	void plaintextConnectionToATlsServerFailsWithinItsTimeoutNamingRegisterAndTls() {
		IpcServer server = startServer("127.0.0.1", new Tls(certificates.serverContext(), ClientAuth.NONE, (e) -> {
		}));
		// Longer than the server's TLS handshake timeout, after which it closes the
		// silent plaintext connection, and than the client's connect timeout, after which
		// the client stops waiting for the register line: whichever comes first, the
		// message names the register line and TLS.
		Duration timeout = Duration.ofMillis(Tls.HANDSHAKE_TIMEOUT_MILLIS).plusSeconds(3);
		Calc calc = client(server.address(), null, timeout);

		assertThatThrownBy(() -> calc.add(1, 2))
			.isInstanceOfAny(IpcTimeoutException.class, IpcConnectionException.class)
			.hasMessageContaining("IPC call 'add'")
			.hasMessageContaining("register")
			.hasMessageContaining("does it expect TLS?");
	}

	@Test
	void plaintextLineToATlsServerClosesTheConnectionWithoutAPlaintextAnswer() throws IOException {
		IpcServer server = startServer("127.0.0.1", new Tls(certificates.serverContext(), ClientAuth.NONE, (e) -> {
		}));
		IpcAddress.Tcp address = (IpcAddress.Tcp) server.address();
		ByteArrayOutputStream received = new ByteArrayOutputStream();
		AtomicBoolean closed = new AtomicBoolean();
		try (SocketChannel socket = SocketChannel.open(new InetSocketAddress(address.host(), address.port()))) {
			socket.write(ByteBuffer
				.wrap("{\"rid\":1,\"method\":\"add\",\"args\":[1,2]}\n".getBytes(StandardCharsets.UTF_8)));
			Thread reader = new Thread(() -> readUntilClosed(socket, received, closed), "plaintext-reader");
			reader.setDaemon(true);
			reader.start();

			await().atMost(Duration.ofMillis(Tls.HANDSHAKE_TIMEOUT_MILLIS).plusSeconds(5)).untilTrue(closed);
		}
		String text = received.toString(StandardCharsets.ISO_8859_1);
		assertThat(text).doesNotContain("register").doesNotContain("\"rid\"").doesNotContain("\"data\"");
		assertThat(server.isRunning()).isTrue();
	}

	private static void readUntilClosed(SocketChannel socket, ByteArrayOutputStream received, AtomicBoolean closed) {
		ByteBuffer buffer = ByteBuffer.allocate(4096);
		try {
			while (socket.read(buffer) >= 0) {
				synchronized (received) {
					received.write(buffer.array(), 0, buffer.position());
				}
				buffer.clear();
			}
		}
		catch (IOException ex) {
			// a reset closes the connection as well
		}
		closed.set(true);
	}

	private IpcServer startServer(String host, Tls tls) {
		IpcServer server = IpcServer.builder()
			.address(new IpcAddress.Tcp(host, 0))
			.service(ServiceDefinition.of("", new CalcService()))
			.shutdownTimeout(Duration.ZERO)
			.tls(tls)
			.build();
		server.start();
		this.resources.add(server::stop);
		return server;
	}

	private Calc client(IpcAddress address, Tls tls, Duration timeout) {
		IpcConnection connection = IpcConnection.builder(address).reconnectBackoff(FAST_BACKOFF).tls(tls).build();
		this.resources.add(connection);
		return IpcClientFactory.create(Calc.class, connection, new ClientOptions("", timeout, Map.of()));
	}

	/** The client side of {@link CalcService}. */
	interface Calc {

		int add(int... numbers);

		String echo(String text);

	}

	/** The service every test server exposes under bare names. */
	public static class CalcService {

		public int add(int... numbers) {
			int sum = 0;
			for (int number : numbers) {
				sum += number;
			}
			return sum;
		}

		public String echo(String text) {
			return text;
		}

	}

}
