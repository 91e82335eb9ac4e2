package dev.socketipc.transport;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.socketipc.client.ClientOptions;
import dev.socketipc.client.IpcClientFactory;
import dev.socketipc.client.IpcConnection;
import dev.socketipc.client.IpcConnectionBuilder;
import dev.socketipc.client.ReconnectBackoff;
import dev.socketipc.server.IpcPeer;
import dev.socketipc.server.IpcServer;
import dev.socketipc.server.IpcServerBuilder;
import dev.socketipc.server.ServiceDefinition;
import dev.socketipc.testsupport.LineClient;
import dev.socketipc.testsupport.SocketPaths;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The paths that differ on Netty's native transports, each run on epoll and io_uring with
 * real Unix sockets and TCP: servers and clients on the transport they are given, and
 * what each transport does its own way (socket addresses, half-close, peer credentials,
 * naming the peer).
 */
@ExtendWith(OutputCaptureExtension.class)
class NativeTransportTest {

	private static final long OTHER_ID = 4242;

	private static final ReconnectBackoff FAST = new ReconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(200),
			2.0, 0.2);

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final Service service = new Service(this.executor);

	private final List<AutoCloseable> resources = new ArrayList<>();

	private final Logger connectionLogger = (Logger) LoggerFactory.getLogger(IpcConnection.class);

	private Path directory;

	@BeforeEach
	void createDirectory() throws IOException {
		this.directory = SocketPaths.newSocketDirectory();
		this.connectionLogger.setLevel(Level.DEBUG);
	}

	@AfterEach
	void cleanUp() throws Exception {
		this.connectionLogger.setLevel(null);
		this.service.release.countDown();
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
		this.executor.shutdownNow();
		SocketPaths.deleteRecursively(this.directory);
	}

	@ParameterizedTest
	@EnumSource(names = { "EPOLL", "IO_URING" })
	void serverAndClientAnswerOverUnixAndTcpAndTheLogsNameTheTransport(IoTransport transport, CapturedOutput output) {
		assumeRunnable(transport);
		IpcServer unix = start(IpcServer.builder().address(unixAddress()), transport);
		IpcServer tcp = start(IpcServer.builder().address(IpcAddress.parse("tcp://127.0.0.1:0")), transport);

		assertThat(calculator(IpcConnection.builder(unix.address()).transport(transport)).add(1, 2)).isEqualTo(3);
		assertThat(calculator(IpcConnection.builder(tcp.address()).transport(transport)).add(2, 3)).isEqualTo(5);
		assertThat(output).contains("IPC server listening on " + unix.address() + " with 3 method(s)")
			.contains("; I/O with " + transport.value())
			.contains("Connected to " + unix.address() + " over " + transport.value())
			.contains("Connected to " + tcp.address() + " over " + transport.value());
	}

	@ParameterizedTest
	@EnumSource(names = { "EPOLL", "IO_URING" })
	void aGivenGroupDecidesTheClientsChannels(IoTransport transport) {
		assumeRunnable(transport);
		IpcServer server = start(IpcServer.builder().address(unixAddress()), IoTransport.NIO);
		EventLoopGroup group = Transports.newEventLoopGroup(1, "native-test", true, server.address(), transport);
		this.resources.add(() -> group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.MILLISECONDS));

		assertThat(Transports.transportOf(group)).isEqualTo(transport);
		assertThat(calculator(IpcConnection.builder(server.address()).eventLoopGroup(group)).add(4, 5)).isEqualTo(9);
	}

	@ParameterizedTest
	@EnumSource(names = { "EPOLL", "IO_URING" })
	void aStaleSocketFileIsReplacedAndTheSocketIsRemovedAtStop(IoTransport transport) throws IOException {
		assumeRunnable(transport);
		Path path = this.directory.resolve("n.sock");
		try (ServerSocketChannel stale = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			stale.bind(UnixDomainSocketAddress.of(path));
		}
		IpcServer server = start(IpcServer.builder().address(new IpcAddress.Unix(path)), transport);

		assertThat(calculator(IpcConnection.builder(server.address()).transport(transport)).add(1, 1)).isEqualTo(2);
		server.stop();
		assertThat(path).doesNotExist();
	}

	@ParameterizedTest
	@EnumSource(names = { "EPOLL", "IO_URING" })
	void aPeerThatShutsItsOutputStillGetsItsAnswers(IoTransport transport) throws IOException {
		assumeRunnable(transport);
		IpcServer unix = start(IpcServer.builder().address(unixAddress()), transport);
		IpcServer tcp = start(IpcServer.builder().address(IpcAddress.parse("tcp://127.0.0.1:0")), transport);
		LineClient tcpClient = track(LineClient.connectAndSkipRegister(tcp.address().socketAddress()));

		tcpClient.write(LineClient.request(3, "add", 2, 2) + "\n");
		tcpClient.shutdownOutput();
		assertThat(tcpClient.readLine()).isEqualTo("{\"success\":true,\"rid\":3,\"data\":4}");
		await().atMost(Duration.ofSeconds(10)).until(tcpClient::isClosedByServer);
		LineClient client = track(LineClient.connectAndSkipRegister(unix.address().socketAddress()));

		client.write(LineClient.request(1, "slow", "late") + "\n" + LineClient.request(2, "add", 1, 2) + "\n");
		client.shutdownOutput();

		assertThat(client.readLine()).isEqualTo("{\"success\":true,\"rid\":2,\"data\":3}");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.service.slowEntered.getCount() == 0);
		this.service.release.countDown();
		assertThat(client.readLine()).isEqualTo("{\"success\":true,\"rid\":1,\"data\":\"late\"}");
		await().atMost(Duration.ofSeconds(10)).until(client::isClosedByServer);
	}

	@ParameterizedTest
	@EnumSource(names = { "EPOLL", "IO_URING" })
	void allowedUidsLetThisUserInWithItsCredentialsAndKeepOthersOut(IoTransport transport) throws IOException {
		assumeRunnable(transport);
		IpcServer allowing = start(IpcServer.builder().address(unixAddress()).allowedUids(List.of(currentUid())),
				transport);
		IpcServer refusing = start(IpcServer.builder()
			.address(new IpcAddress.Unix(this.directory.resolve("r.sock")))
			.allowedUids(List.of(OTHER_ID)), transport);
		LineClient allowed = track(LineClient.connectAndSkipRegister(allowing.address().socketAddress()));
		LineClient refused = track(LineClient.connect(refusing.address().socketAddress()));

		allowed.call(1, "caller");
		assertThat(allowed.readLine()).isEqualTo(
				"{\"success\":true,\"rid\":1,\"data\":\"user " + System.getProperty("user.name") + " via unix peer\"}");
		await().atMost(Duration.ofSeconds(10)).until(refused::isClosedByServer);
		assertThat(this.service.callers).isEqualTo(1);
	}

	@ParameterizedTest
	@EnumSource(names = { "EPOLL", "IO_URING" })
	void aClientReadsTheServersCredentials(IoTransport transport) throws IOException {
		assumeRunnable(transport);
		IpcServer server = start(IpcServer.builder().address(unixAddress()), IoTransport.NIO);

		Calculator trusting = calculator(
				IpcConnection.builder(server.address()).transport(transport).allowedServerUids(List.of(currentUid())));
		Calculator distrusting = calculator(
				IpcConnection.builder(server.address()).transport(transport).allowedServerUids(List.of(OTHER_ID)));

		assertThat(trusting.add(2, 2)).isEqualTo(4);
		assertThatExceptionOfType(RuntimeException.class).isThrownBy(() -> distrusting.add(2, 2))
			.withStackTraceContaining("not one of allowed-server-uids [" + OTHER_ID + "]");
	}

	@ParameterizedTest
	@EnumSource(names = { "EPOLL", "IO_URING" })
	void aNativeChannelNamesItsUnixPeerByPath(IoTransport transport) {
		assumeRunnable(transport);
		IpcServer server = start(IpcServer.builder().address(unixAddress()), IoTransport.NIO);
		EventLoopGroup group = Transports.newEventLoopGroup(1, "native-test", true, server.address(), transport);
		this.resources.add(() -> group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.MILLISECONDS));
		Channel channel = new Bootstrap().group(group)
			.channel(Transports.channelType(server.address(), transport))
			.handler(new ChannelInboundHandlerAdapter())
			.connect(Transports.socketAddress(server.address().socketAddress(), transport))
			.syncUninterruptibly()
			.channel();
		this.resources.add(() -> channel.close().syncUninterruptibly());

		assertThat(Transports.describePeer(channel)).isEqualTo(server.address().toString());
	}

	@ParameterizedTest
	@EnumSource(names = { "EPOLL", "IO_URING" })
	void aClientReconnectsToARestartedServer(IoTransport transport) {
		assumeRunnable(transport);
		IpcServer server = start(IpcServer.builder().address(unixAddress()), transport);
		Calculator calculator = calculator(IpcConnection.builder(server.address()).transport(transport));
		assertThat(calculator.add(1, 2)).isEqualTo(3);

		server.stop();
		server.start();

		await().atMost(Duration.ofSeconds(10))
			.ignoreExceptions()
			.untilAsserted(() -> assertThat(calculator.add(3, 4)).isEqualTo(7));
	}

	/**
	 * Skips where the kernel or a seccomp profile does not let the transport run, as
	 * containers often do for io_uring.
	 */
	static void assumeRunnable(IoTransport transport) {
		assumeThat(NativeIo.unavailabilityCause(transport)).as(transport + " cannot run here").isNull();
	}

	private IpcAddress unixAddress() {
		return new IpcAddress.Unix(this.directory.resolve("n.sock"));
	}

	private static long currentUid() throws IOException {
		return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
	}

	private IpcServer start(IpcServerBuilder builder, IoTransport transport) {
		IpcServer server = builder.service(ServiceDefinition.of("", this.service))
			.executor(this.executor)
			.transport(transport)
			.build();
		server.start();
		this.resources.add(server::stop);
		return server;
	}

	private Calculator calculator(IpcConnectionBuilder builder) {
		IpcConnection connection = builder.reconnectBackoff(FAST).build();
		this.resources.add(connection);
		return IpcClientFactory.create(Calculator.class, connection,
				new ClientOptions("", Duration.ofSeconds(5), Map.of()));
	}

	private LineClient track(LineClient client) {
		this.resources.add(client);
		return client;
	}

	/** A fast method, a slow one that finishes when the test says so, and its caller. */
	public static final class Service {

		final CountDownLatch release = new CountDownLatch(1);

		final CountDownLatch slowEntered = new CountDownLatch(1);

		volatile int callers;

		private final ExecutorService executor;

		Service(ExecutorService executor) {
			this.executor = executor;
		}

		public int add(int a, int b) {
			return a + b;
		}

		public CompletableFuture<String> slow(String label) {
			this.slowEntered.countDown();
			return CompletableFuture.supplyAsync(() -> {
				try {
					this.release.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return label;
			}, this.executor);
		}

		public String caller() {
			this.callers++;
			IpcPeer peer = IpcPeer.current().orElseThrow();
			String address = peer.address().replaceAll("^unix peer.*$", "unix peer");
			return peer.credentials().map((principal) -> "user " + principal.user().getName()).orElse("nobody known")
					+ " via " + address;
		}

	}

	/** The client's view of {@link Service}. */
	public interface Calculator {

		int add(int a, int b);

	}

}
