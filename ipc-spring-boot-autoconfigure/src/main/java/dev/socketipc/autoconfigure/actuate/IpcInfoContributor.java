package dev.socketipc.autoconfigure.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.socketipc.server.IpcServer;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

/**
 * Adds {@code ipc.server} to {@code /actuator/info}: the server's address, the protocol
 * revision it announces, its protocol extensions ({@code features}), its method names and
 * its topics.
 */
public class IpcInfoContributor implements InfoContributor {

	private final IpcServer server;

	/**
	 * Creates a contributor describing the given server.
	 * @param server the server
	 */
	public IpcInfoContributor(IpcServer server) {
		this.server = server;
	}

	@Override
	public void contribute(Info.Builder builder) {
		Map<String, Object> server = new LinkedHashMap<>();
		server.put("address", this.server.address().toString());
		server.put("protocol", IpcServer.PROTOCOL_REVISION);
		server.put("features", this.server.features());
		server.put("methods", this.server.methodNames());
		server.put("topics", this.server.topics());
		builder.withDetail("ipc", Map.of("server", server));
	}

}
