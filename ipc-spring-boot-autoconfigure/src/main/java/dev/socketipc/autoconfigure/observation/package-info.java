/**
 * Micrometer observations of IPC calls on both sides ({@code ipc.server},
 * {@code ipc.client}), carrying traces across the socket in a request's {@code meta}, and
 * the server's and clients' gauges and counters; loaded only when Micrometer is present.
 */
package dev.socketipc.autoconfigure.observation;
