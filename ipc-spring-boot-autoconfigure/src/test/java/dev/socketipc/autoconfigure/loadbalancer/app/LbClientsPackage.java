package dev.socketipc.autoconfigure.loadbalancer.app;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;

/**
 * Registers this package as an auto-configuration package, so that the IPC client
 * auto-configuration of a context runner finds {@link LbCalc}.
 */
@AutoConfigurationPackage
public final class LbClientsPackage {

}
