package dev.socketipc.tls.scanned;

import dev.socketipc.annotation.IpcClient;

/**
 * A client of the TLS test server named {@code calc}, found by scanning this package.
 */
@IpcClient("calc")
public interface TlsCalcClient {

	int add(int... numbers);

}
