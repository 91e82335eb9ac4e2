/**
 * Actuator health indicators ({@code ipcServer}, {@code ipcClients}) and the {@code ipc}
 * info contributor, configured only when Spring Boot's health or actuator module is
 * present.
 */
package dev.socketipc.autoconfigure.actuate;
