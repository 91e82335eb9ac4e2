package dev.socketipc.hardening;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.time.Duration;

import dev.socketipc.client.ReconnectBackoff;
import dev.socketipc.testsupport.ScriptedServer;
import dev.socketipc.testsupport.SocketPaths;
import dev.socketipc.transport.IpcAddress;

/**
 * What the hardening tests share beyond {@link SocketPaths}: the two transports as
 * addresses, a wait bound and a fast reconnect backoff.
 */
final class TestSockets {

	/**
	 * How long a test waits for something that should happen promptly; a bound against
	 * hangs, not a timing.
	 */
	static final Duration WAIT = Duration.ofSeconds(10);

	/** Reconnects quickly, so that tests waiting for a reconnection do not wait long. */
	static final ReconnectBackoff FAST_BACKOFF = new ReconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(200),
			2.0, 0.2);

	private TestSockets() {
	}

	/** The two transports every check runs over. */
	enum Transport {

		UNIX, TCP;

		/**
		 * Returns an address to bind in the directory: a socket file for Unix, any free
		 * loopback port for TCP.
		 */
		IpcAddress bindAddress(Path directory) {
			return (this == UNIX) ? unixAddress(directory, "s.sock") : new IpcAddress.Tcp("127.0.0.1", 0);
		}

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

}
