package dev.socketipc.test.autoconfigure;

import org.springframework.boot.test.autoconfigure.TestSliceTestContextBootstrapper;

/**
 * Bootstraps {@link IpcClientTest @IpcClientTest}: reads its {@code properties}.
 */
class IpcClientTestContextBootstrapper extends TestSliceTestContextBootstrapper<IpcClientTest> {

}
