package dev.socketipc.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.time.Duration;

import dev.socketipc.server.ErrorDetails;
import dev.socketipc.server.IpcServer;
import dev.socketipc.server.ServiceDefinition;
import dev.socketipc.testsupport.ScriptedServer;
import dev.socketipc.testsupport.ScriptedServer.OnAccept;
import dev.socketipc.testsupport.SocketPaths;
import dev.socketipc.transport.IpcAddress;

/**
 * What the client tests share beyond {@link SocketPaths}: the two transports as
 * addresses, a fast reconnect backoff and real servers that stop at once.
 */
final class ClientTestSockets {

	/** Reconnects quickly, so that tests waiting for a reconnection do not wait long. */
	static final ReconnectBackoff FAST_BACKOFF = new ReconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(200),
			2.0, 0.2);

	private ClientTestSockets() {
	}

	/** The two transports a client connects over. */
	enum Transport {

		UNIX, TCP;

		/**
		 * Returns an address to bind in the given directory: a socket file for Unix, any
		 * free loopback port for TCP.
		 */
		IpcAddress bindAddress(Path directory) {
			return (this == UNIX) ? unixAddress(directory, "server.sock") : new IpcAddress.Tcp("127.0.0.1", 0);
		}

		/**
		 * Returns an address nobody listens on yet, that a server may bind later.
		 */
		IpcAddress unusedAddress(Path directory) throws IOException {
			return (this == UNIX) ? unixAddress(directory, "later.sock")
					: new IpcAddress.Tcp("127.0.0.1", SocketPaths.freePort());
		}

	}

	/**
	 * Starts a scripted server on the address that registers the given methods, as a
	 * current server does, on each connection.
	 */
	static ScriptedServer startScripted(IpcAddress address, String... methods) throws IOException {
		return startScripted(address, OnAccept.REGISTER, methods);
	}

	/**
	 * Like {@link #startScripted(IpcAddress, String...)}, doing what {@code onAccept}
	 * says on each connection.
	 */
	static ScriptedServer startScripted(IpcAddress address, OnAccept onAccept, String... methods) throws IOException {
		return ScriptedServer.start(address.socketAddress(), onAccept, ScriptedServer.registerLine(methods));
	}

	/** Returns where a scripted server listens, as the address a client is built with. */
	static IpcAddress addressOf(ScriptedServer server) {
		SocketAddress address = server.address();
		if (address instanceof UnixDomainSocketAddress unix) {
			return new IpcAddress.Unix(unix.getPath());
		}
		InetSocketAddress tcp = (InetSocketAddress) address;
		return new IpcAddress.Tcp(tcp.getHostString(), tcp.getPort());
	}

	static IpcAddress.Unix unixAddress(Path directory, String name) {
		return new IpcAddress.Unix(SocketPaths.socketFile(directory, name));
	}

	/**
	 * Starts a real server exposing the service's public methods under bare names; it
	 * stops without waiting, and sends every exception's message (as the seed does), so
	 * that tests see the server's text reach the caller.
	 */
	static IpcServer startServer(IpcAddress address, Object service) {
		IpcServer server = IpcServer.builder()
			.address(address)
			.service(ServiceDefinition.of("", service))
			.shutdownTimeout(Duration.ZERO)
			.errorDetails(ErrorDetails.MESSAGE)
			.build();
		server.start();
		return server;
	}

	/** Builds a connection with the fast backoff; it connects on the first call. */
	static IpcConnection connection(IpcAddress address) {
		return IpcConnection.builder(address).reconnectBackoff(FAST_BACKOFF).build();
	}

}
