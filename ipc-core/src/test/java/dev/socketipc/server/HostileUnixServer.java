package dev.socketipc.server;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.socketipc.testsupport.LineClient;
import dev.socketipc.testsupport.SocketPaths;
import dev.socketipc.transport.IpcAddress;

/**
 * A real {@link IpcServer} on a Unix socket in a short temporary directory under
 * {@code /tmp}, for the hostile-input tests; closing it stops the server, closes the
 * clients it opened and deletes the directory.
 */
final class HostileUnixServer implements AutoCloseable {

	private final Path directory;

	private final IpcServer server;

	private final List<LineClient> clients = new ArrayList<>();

	private HostileUnixServer(Path directory, IpcServer server) {
		this.directory = directory;
		this.server = server;
	}

	/**
	 * Starts a server exposing the services' public methods with bare names, sending
	 * every exception's message (as the seed does) so that hostile strings in messages
	 * reach the client.
	 * @param maxLineLength the server's {@code max-line-length}
	 * @param services the service objects
	 */
	static HostileUnixServer start(int maxLineLength, Object... services) throws IOException {
		Path directory = SocketPaths.newSocketDirectory();
		IpcServerBuilder builder = IpcServer.builder()
			.address(new IpcAddress.Unix(directory.resolve("h.sock")))
			.maxLineLength(maxLineLength)
			.errorDetails(ErrorDetails.MESSAGE);
		for (Object service : services) {
			builder.service(ServiceDefinition.of("", service));
		}
		IpcServer server = builder.build();
		HostileUnixServer started = new HostileUnixServer(directory, server);
		try {
			server.start();
		}
		catch (RuntimeException ex) {
			started.deleteDirectory();
			throw ex;
		}
		return started;
	}

	/** The socket file's path. */
	Path path() {
		return ((IpcAddress.Unix) this.server.address()).path();
	}

	/** Connects a line client and reads the register line. */
	LineClient connect() throws IOException {
		LineClient client = LineClient.connectAndSkipRegister(this.server.address().socketAddress());
		this.clients.add(client);
		return client;
	}

	@Override
	public void close() throws IOException {
		for (LineClient client : this.clients) {
			client.close();
		}
		this.server.stop();
		deleteDirectory();
	}

	private void deleteDirectory() throws IOException {
		SocketPaths.deleteRecursively(this.directory);
	}

}
