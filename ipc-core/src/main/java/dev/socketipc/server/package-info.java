/**
 * The server side: a socket server that exposes the public methods of service objects by
 * wire name, with its connection limits, peer checks and error answers.
 */
package dev.socketipc.server;
