package dev.socketipc.client;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.socketipc.testsupport.ScriptedServer;
import dev.socketipc.testsupport.SocketPaths;
import dev.socketipc.transport.IpcAddress;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The sockets of one client test, registered with {@code @RegisterExtension}: a fresh
 * socket directory before each test, scripted servers and connections made in it, and
 * everything added closed in reverse order after the test, then the directory deleted.
 */
final class ClientSocketsFixture implements BeforeEachCallback, AfterEachCallback {

	private final List<AutoCloseable> resources = new ArrayList<>();

	private Path directory;

	@Override
	public void beforeEach(ExtensionContext context) throws Exception {
		this.directory = SocketPaths.newSocketDirectory();
	}

	@Override
	public void afterEach(ExtensionContext context) throws Exception {
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
		this.resources.clear();
		SocketPaths.deleteRecursively(this.directory);
	}

	/** Returns this test's socket directory. */
	Path directory() {
		return this.directory;
	}

	/** Closes a resource after the test, before those added earlier. */
	<T extends AutoCloseable> T add(T resource) {
		this.resources.add(resource);
		return resource;
	}

	/** Starts a scripted server that sends the register line to each connection. */
	ScriptedServer start(IpcAddress address, String register) throws Exception {
		return add(ScriptedServer.start(address.socketAddress(), register));
	}

	/** Starts a scripted server bound in this test's directory. */
	ScriptedServer start(ClientTestSockets.Transport transport, String register) throws Exception {
		return start(transport.bindAddress(this.directory), register);
	}

	/** Returns a connection to an address, closed after the test. */
	IpcConnection connect(IpcAddress address) {
		return add(ClientTestSockets.connection(address));
	}

	/** Returns a connection to a scripted server, closed after the test. */
	IpcConnection connect(ScriptedServer raw) {
		return connect(ClientTestSockets.addressOf(raw));
	}

}
