package dev.socketipc.autoconfigure.client.scanned;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;

/**
 * Registers this package as an auto-configuration package, as
 * {@code @SpringBootApplication} does for an application's package, so that the IPC
 * client auto-configuration scans it.
 */
@AutoConfigurationPackage
public final class ScannedClientsPackage {

}
