package dev.socketipc.autoconfigure.loadbalancer;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import dev.socketipc.server.IpcServer;
import dev.socketipc.server.ServiceDefinition;
import dev.socketipc.transport.IpcAddress;
import dev.socketipc.transport.Tls;

/**
 * Instances of the service {@code calc} for the {@code lb://calc} tests: plain
 * {@link IpcServer}s on loopback TCP port 0, each answering with its id ({@code s0},
 * {@code s1}...) and reached through a {@link Relay} whose port is the instance's port in
 * the static discovery list, so that a test can kill an instance abruptly and bring it
 * back on the same port.
 */
public final class CalcInstances implements AutoCloseable {

	private final List<IpcServer> servers = new ArrayList<>();

	private final List<TaggedCalc> services = new ArrayList<>();

	private final List<Relay> relays = new ArrayList<>();

	private final Tls tls;

	private CalcInstances(Tls tls) {
		this.tls = tls;
	}

	/** Starts plaintext instances. */
	public static CalcInstances start(int count) throws IOException {
		return start(count, null);
	}

	/** Starts instances speaking TLS with the given server settings. */
	public static CalcInstances start(int count, Tls tls) throws IOException {
		CalcInstances instances = new CalcInstances(tls);
		try {
			for (int i = 0; i < count; i++) {
				instances.add("s" + i);
			}
		}
		catch (IOException | RuntimeException ex) {
			instances.close();
			throw ex;
		}
		return instances;
	}

	private void add(String id) throws IOException {
		TaggedCalc service = new TaggedCalc(id);
		IpcServer server = server(service);
		this.services.add(service);
		this.servers.add(server);
		this.relays.add(Relay.to(((IpcAddress.Tcp) server.address()).port()));
	}

	private IpcServer server(TaggedCalc service) {
		IpcServer server = IpcServer.builder()
			.address(new IpcAddress.Tcp("127.0.0.1", 0))
			.service(new ServiceDefinition("", service, CalcMethods.class, UnaryOperator.identity()))
			.tls(this.tls)
			.shutdownTimeout(Duration.ZERO)
			.build();
		server.start();
		return server;
	}

	/** The static discovery list of {@code calc}, one {@code uri} per instance. */
	public String[] discovery(String scheme) {
		List<String> properties = new ArrayList<>();
		for (int i = 0; i < this.relays.size(); i++) {
			properties.add("spring.cloud.discovery.client.simple.instances.calc[" + i + "].uri=" + scheme
					+ "://localhost:" + port(i));
		}
		return properties.toArray(String[]::new);
	}

	public String[] discovery() {
		return discovery("tcp");
	}

	public int port(int index) {
		return this.relays.get(index).port();
	}

	public TaggedCalc service(int index) {
		return this.services.get(index);
	}

	public List<TaggedCalc> services() {
		return List.copyOf(this.services);
	}

	public IpcServer server(int index) {
		return this.servers.get(index);
	}

	Relay relay(int index) {
		return this.relays.get(index);
	}

	/** Kills an instance: its port stops listening and its connections are reset. */
	public void kill(int index) throws IOException {
		this.relays.get(index).kill();
	}

	/** Brings a killed instance back on the same port. */
	public void restart(int index) throws IOException {
		this.relays.get(index).restart();
	}

	@Override
	public void close() throws IOException {
		this.services.forEach(TaggedCalc::release);
		for (Relay relay : this.relays) {
			relay.close();
		}
		this.servers.forEach(IpcServer::stop);
	}

}
