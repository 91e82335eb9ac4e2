package dev.socketipc.testsupport;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The three transports a shared test runs over
 * ({@code @EnumSource(TestTransport.class)}), each giving a fresh address for one test as
 * text for {@code IpcAddress.parse}: a socket file in a new directory for Unix, any free
 * loopback port for TCP, a name no other test of the JVM uses for {@code local:}. Reach
 * the server with {@link LineClient}, which speaks all three.
 */
public enum TestTransport {

	/** A Unix domain socket in a new directory under {@code /tmp}. */
	UNIX,

	/** TCP on the loopback address, any free port ({@code 0}). */
	TCP,

	/** Netty's in-JVM transport, a unique name. */
	LOCAL;

	private static final AtomicLong LOCAL_NAMES = new AtomicLong();

	/**
	 * Returns a fresh address; release it with {@link #release(String)} after the test.
	 * @return {@code unix:/tmp/ipc.../s.sock}, {@code tcp://127.0.0.1:0} or
	 * {@code local:test-<n>}
	 * @throws IOException when the Unix socket's directory cannot be created
	 */
	public String newAddress() throws IOException {
		return switch (this) {
			case UNIX -> "unix:" + SocketPaths.socketFile(SocketPaths.newSocketDirectory(), "s.sock");
			case TCP -> "tcp://127.0.0.1:0";
			case LOCAL -> "local:" + newAddressName();
		};
	}

	/**
	 * Returns a {@code local:} name no other test of this JVM uses, for a Netty
	 * {@code LocalAddress}.
	 * @return {@code test-<pid>-<n>}
	 */
	public static String newAddressName() {
		return "test-" + ProcessHandle.current().pid() + "-" + LOCAL_NAMES.incrementAndGet();
	}

	/**
	 * Deletes what {@link #newAddress()} created for an address: a Unix socket's
	 * directory; nothing for the others.
	 * @param address an address from {@link #newAddress()}, or {@code null}
	 * @throws IOException when the directory cannot be deleted
	 */
	public static void release(String address) throws IOException {
		if (address != null && address.startsWith("unix:")) {
			SocketPaths.deleteRecursively(Path.of(address.substring("unix:".length())).getParent());
		}
	}

	/**
	 * Tells whether a server on this transport knows its peer's uid and gid: over Unix
	 * ({@code SO_PEERCRED}) and {@code local:} (this JVM's own, or those the server is
	 * told), not over TCP.
	 * @return whether the peer's credentials are known
	 */
	public boolean knowsPeerCredentials() {
		return this != TCP;
	}

}
