package dev.socketipc.tls.scanned;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;

/**
 * Registers this package as an auto-configuration package, as
 * {@code @SpringBootApplication} does, so that the IPC client auto-configuration finds
 * {@link TlsCalcClient}.
 */
@AutoConfigurationPackage
public final class TlsClientsPackage {

}
