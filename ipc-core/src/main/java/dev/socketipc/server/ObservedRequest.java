package dev.socketipc.server;

import java.util.Map;

import dev.socketipc.transport.IpcAddress;

/**
 * The request an observer sees; created only when the server has an observer.
 */
record ObservedRequest(String method, boolean known, Map<String, String> meta, IpcPeer peer, IpcAddress serverAddress,
		boolean notification) implements IpcServerRequest {
}
