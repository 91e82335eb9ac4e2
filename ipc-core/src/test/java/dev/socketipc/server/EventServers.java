package dev.socketipc.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import dev.socketipc.testsupport.LineClient;
import dev.socketipc.testsupport.TestTransport;
import dev.socketipc.transport.IpcAddress;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real servers and raw line clients for the event and streaming tests, over a
 * {@link TestTransport}; {@link #close()} stops and closes everything it made.
 */
final class EventServers implements AutoCloseable {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private final List<IpcServer> servers = new ArrayList<>();

	private final List<LineClient> clients = new ArrayList<>();

	private final List<String> addresses = new ArrayList<>();

	/** Builds and starts a server with the services and settings the test gives. */
	IpcServer start(TestTransport transport, UnaryOperator<IpcServerBuilder> settings) throws IOException {
		String address = transport.newAddress();
		this.addresses.add(address);
		IpcServer server = settings.apply(IpcServer.builder().address(IpcAddress.parse(address))).build();
		this.servers.add(server);
		server.start();
		return server;
	}

	/** Connects and skips the register line. */
	LineClient connect(IpcServer server) throws IOException {
		return track(LineClient.connectAndSkipRegister(server.address().socketAddress()));
	}

	LineClient track(LineClient client) {
		this.clients.add(client);
		return client;
	}

	/** Subscribes a client and checks the answer. */
	static void subscribe(LineClient client, Object rid, String topic) {
		client.call(rid, "$subscribe", topic);
		String answer = client.readLine();
		if (!answer.equals("{\"success\":true,\"rid\":" + rid + ",\"data\":null}")) {
			throw new AssertionError("subscribing to " + topic + " was answered " + answer);
		}
	}

	static JsonNode parse(String line) {
		return JSON.readTree(line);
	}

	@Override
	public void close() throws IOException {
		for (LineClient client : this.clients) {
			client.close();
		}
		for (IpcServer server : this.servers) {
			server.stop();
		}
		for (String address : this.addresses) {
			TestTransport.release(address);
		}
	}

}
