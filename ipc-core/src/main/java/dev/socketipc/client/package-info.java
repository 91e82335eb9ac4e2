/**
 * The client side: proxies that turn calls on an {@code @IpcClient} interface into
 * requests over one shared, reconnecting connection per server.
 */
package dev.socketipc.client;
