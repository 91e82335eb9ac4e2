package dev.socketipc.test.calc;

import dev.socketipc.annotation.IpcClient;

/**
 * The client of another server, {@code clock}.
 */
@IpcClient(value = "clock", prefix = "clock")
public interface Clock {

	long now();

}
