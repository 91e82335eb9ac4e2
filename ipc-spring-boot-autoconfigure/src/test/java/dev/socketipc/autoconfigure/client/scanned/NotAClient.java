package dev.socketipc.autoconfigure.client.scanned;

/**
 * An interface without {@code @IpcClient} in a scanned package: never registered.
 */
public interface NotAClient {

	int add(int... numbers);

}
