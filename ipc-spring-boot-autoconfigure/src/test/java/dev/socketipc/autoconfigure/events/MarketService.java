package dev.socketipc.autoconfigure.events;

import dev.socketipc.autoconfigure.IpcService;

/**
 * The service of the server side's contexts: a server is only built for an application
 * with {@code @IpcService} beans; its topics come from {@code ipc.server.topics}.
 */
@IpcService
public class MarketService {

	public String ping() {
		return "pong";
	}

}
