package dev.socketipc.autoconfigure.client.broken;

import java.util.concurrent.Future;

import dev.socketipc.annotation.IpcClient;

/**
 * A client with a method the proxy cannot implement: a plain {@link Future} return type.
 */
@IpcClient("calc")
public interface BrokenClient {

	Future<Integer> result();

}
