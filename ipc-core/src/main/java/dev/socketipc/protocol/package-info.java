/**
 * The wire protocol: one strict UTF-8 JSON message per line, decoded into messages and
 * encoded back, with its error codes and the rules that bind JSON values to Java types.
 */
package dev.socketipc.protocol;
