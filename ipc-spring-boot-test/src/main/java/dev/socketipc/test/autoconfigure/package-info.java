/**
 * Spring test annotations for socket IPC applications:
 * {@link dev.socketipc.test.autoconfigure.AutoConfigureIpcInProcessTransport} serves the
 * application's IPC server in-process (on a {@code local:} address, no socket file or
 * port), and the {@link dev.socketipc.test.autoconfigure.IpcClientTest} slice tests
 * {@code @IpcClient} interfaces against a {@link dev.socketipc.test.MockIpcServer} per
 * server.
 */
package dev.socketipc.test.autoconfigure;
