package dev.socketipc.test.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.PropertyMapping;

/**
 * Serves the application's IPC server on the in-process transport in a test: instead of
 * its Unix socket or TCP port, the server binds a {@code local:} address unique to the
 * application context, and every client of the application's own server (the address
 * {@code self}, or the server's configured address) connects to it. No socket file, lock
 * file or port is created, so test contexts never collide. The address bound is
 * {@code @LocalIpcServerAddress}. The same as the property
 * {@code ipc.test.in-process.enabled=true}.
 *
 * <p>
 * A connection over {@code local:} reports this JVM's uid and gid as its peer, so
 * {@code ipc.server.allowed-uids} and {@code allowed-gids} are checked as over a Unix
 * socket; {@link #peerUid()} and {@link #peerGid()} make it report others. TLS
 * ({@code ipc.server.ssl.bundle}) is left off: nothing leaves the JVM.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
@PropertyMapping("ipc.test.in-process")
public @interface AutoConfigureIpcInProcessTransport {

	/**
	 * Whether to serve on the in-process transport.
	 * @return {@code true} (the default) to serve in-process
	 */
	boolean enabled() default true;

	/**
	 * The uid a connection reports to the server as its peer; {@code -1} (the default)
	 * for this JVM's own.
	 * @return the peer's uid
	 */
	@PropertyMapping(skip = PropertyMapping.Skip.ON_DEFAULT_VALUE)
	long peerUid() default -1;

	/**
	 * The gid a connection reports to the server as its peer; {@code -1} (the default)
	 * for this JVM's own.
	 * @return the peer's gid
	 */
	@PropertyMapping(skip = PropertyMapping.Skip.ON_DEFAULT_VALUE)
	long peerGid() default -1;

}
