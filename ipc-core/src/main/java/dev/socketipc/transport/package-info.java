/**
 * Addresses, channels and Unix socket files: where a server listens or a client connects,
 * TLS settings, and the safety rules for socket paths; it knows no protocol message.
 */
package dev.socketipc.transport;
