/**
 * The Spring Boot auto-configuration of the server and the clients, with the Spring
 * annotations {@code @IpcService} and {@code @EnableIpcClients} and the {@code ipc.*}
 * properties.
 */
package dev.socketipc.autoconfigure;
