/**
 * The annotations the Spring-free core reads: {@code @IpcMethod} on service and client
 * methods, and {@code @IpcClient} on the interfaces a client calls.
 */
package dev.socketipc.annotation;
