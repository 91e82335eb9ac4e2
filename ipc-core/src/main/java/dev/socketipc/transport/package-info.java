/**
 * Addresses, channels and Unix socket files: where a server listens or a client connects
 * (a Unix socket, a TCP port, or a {@code local:} name on Netty's in-JVM transport), TLS
 * settings, and the safety rules for socket paths; it knows no protocol message.
 */
package dev.socketipc.transport;
