/**
 * Test support for socket IPC applications: {@link dev.socketipc.test.MockIpcServer}, a
 * scripted server that {@code @IpcClient} interfaces can be tested against, and
 * {@link dev.socketipc.test.LocalIpcServerAddress}, the address the application's server
 * bound. The Spring test annotations are in {@code dev.socketipc.test.autoconfigure}. Add
 * the {@code ipc-spring-boot-test} module with test scope.
 */
package dev.socketipc.test;
