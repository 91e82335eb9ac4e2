package dev.socketipc.transport;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

import io.netty.channel.local.LocalAddress;

/**
 * Where a server listens or a client connects: {@code unix:/path/to.sock},
 * {@code tcp://host:port} or {@code local:name}.
 *
 * <p>
 * IPv6 hosts go in brackets ({@code tcp://[::1]:7070}); an empty host
 * ({@code tcp://:7070}) means the loopback address; port {@code 0} asks a server for any
 * free port. A {@code local:} address is Netty's in-JVM transport: a server and its
 * clients in the same JVM talk through memory, with the same lines as over a socket, and
 * no file, lock or port is used (for tests).
 */
public sealed interface IpcAddress permits IpcAddress.Unix, IpcAddress.Tcp, IpcAddress.Local {

	/**
	 * Parses an address.
	 * @param text {@code unix:/path}, {@code tcp://host:port} or {@code local:name}
	 * @return the address
	 * @throws IllegalArgumentException naming what is wrong with the text
	 */
	static IpcAddress parse(String text) {
		if (text == null || text.isBlank()) {
			throw new IllegalArgumentException(
					"address must not be empty; use unix:/path/to.sock, tcp://host:port or local:name");
		}
		if (text.startsWith("unix:")) {
			String path = text.substring("unix:".length());
			if (path.startsWith("//")) {
				path = path.substring(2);
			}
			if (path.isEmpty()) {
				throw new IllegalArgumentException("'" + text + "' has no socket path; use unix:/path/to.sock");
			}
			return new Unix(Path.of(path));
		}
		if (text.startsWith("tcp://")) {
			return Tcp.parse(text, text.substring("tcp://".length()));
		}
		if (text.startsWith("local:")) {
			return new Local(text.substring("local:".length()));
		}
		throw new IllegalArgumentException(
				"'" + text + "' is not an IPC address; use unix:/path/to.sock, tcp://host:port or local:name");
	}

	/**
	 * Returns the JDK socket address to bind or connect to.
	 * @return the socket address
	 */
	SocketAddress socketAddress();

	/**
	 * A Unix domain socket at a file system path.
	 *
	 * @param path the socket file
	 */
	record Unix(Path path) implements IpcAddress {

		@Override
		public SocketAddress socketAddress() {
			return UnixDomainSocketAddress.of(this.path);
		}

		@Override
		public String toString() {
			return "unix:" + this.path;
		}

	}

	/**
	 * A TCP host and port.
	 *
	 * @param host the host name or IP literal (without brackets)
	 * @param port the port, {@code 0} for any free port when binding
	 */
	record Tcp(String host, int port) implements IpcAddress {

		/** The host used when an address leaves it empty. */
		public static final String LOOPBACK = "127.0.0.1";

		static Tcp parse(String text, String hostAndPort) {
			String host;
			String port;
			if (hostAndPort.startsWith("[")) {
				int close = hostAndPort.indexOf(']');
				if (close < 0 || close + 1 >= hostAndPort.length() || hostAndPort.charAt(close + 1) != ':') {
					throw new IllegalArgumentException("'" + text + "' is not a valid address; use tcp://[::1]:7070");
				}
				host = hostAndPort.substring(1, close);
				port = hostAndPort.substring(close + 2);
			}
			else {
				int colon = hostAndPort.lastIndexOf(':');
				if (colon < 0 || hostAndPort.indexOf(':') != colon) {
					throw new IllegalArgumentException(
							"'" + text + "' has no port; use tcp://host:port (IPv6 hosts in brackets)");
				}
				host = hostAndPort.substring(0, colon);
				port = hostAndPort.substring(colon + 1);
			}
			return new Tcp(host.isEmpty() ? LOOPBACK : host, parsePort(text, port));
		}

		private static int parsePort(String text, String port) {
			try {
				int value = Integer.parseInt(port);
				if (value >= 0 && value <= 65535) {
					return value;
				}
			}
			catch (NumberFormatException ex) {
				// reported below
			}
			throw new IllegalArgumentException("'" + text + "' has an invalid port '" + port + "' (0-65535)");
		}

		@Override
		public SocketAddress socketAddress() {
			return new InetSocketAddress(this.host, this.port);
		}

		/**
		 * Tells whether the host is a loopback address.
		 * @return {@code true} for {@code localhost}, {@code 127.0.0.0/8} and {@code ::1}
		 */
		public boolean isLoopback() {
			try {
				return InetAddress.getByName(this.host).isLoopbackAddress();
			}
			catch (UnknownHostException ex) {
				return false;
			}
		}

		@Override
		public String toString() {
			return "tcp://" + (this.host.indexOf(':') >= 0 ? "[" + this.host + "]" : this.host) + ":" + this.port;
		}

	}

	/**
	 * A name on Netty's in-JVM transport ({@code LocalServerChannel} /
	 * {@code LocalChannel}): only a client in the same JVM can reach it. Names are
	 * case-insensitive, as Netty's {@link LocalAddress} is, and kept in lower case.
	 *
	 * @param name 1 to {@value #MAX_NAME_LENGTH} characters of
	 * {@code A-Z a-z 0-9 . _ : / -}
	 */
	record Local(String name) implements IpcAddress {

		/** The longest name accepted. */
		public static final int MAX_NAME_LENGTH = 200;

		private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:/-]{1," + MAX_NAME_LENGTH + "}");

		/**
		 * Checks the name and keeps it in lower case.
		 * @param name the name
		 * @throws IllegalArgumentException naming the rule the name breaks
		 */
		public Local {
			if (name == null || !NAME.matcher(name).matches()) {
				throw new IllegalArgumentException(
						"'local:" + name + "' is not a valid local address: the name must be 1 to " + MAX_NAME_LENGTH
								+ " characters of A-Z a-z 0-9 . _ : / -");
			}
			name = name.toLowerCase(Locale.ROOT);
		}

		@Override
		public SocketAddress socketAddress() {
			return new LocalAddress(this.name);
		}

		@Override
		public String toString() {
			return "local:" + this.name;
		}

	}

}
