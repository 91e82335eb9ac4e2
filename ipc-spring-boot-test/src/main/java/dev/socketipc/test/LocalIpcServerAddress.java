package dev.socketipc.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.socketipc.autoconfigure.IpcServerLifecycle;

import org.springframework.beans.factory.annotation.Value;

/**
 * Injects the address the application's IPC server bound, in its text form
 * ({@code unix:/path}, {@code tcp://127.0.0.1:40213} for a port chosen with port
 * {@code 0}, {@code local:name} with the in-process transport): a shortcut for
 * {@code @Value} of
 * {@value dev.socketipc.autoconfigure.IpcServerLifecycle#LOCAL_ADDRESS_PROPERTY}, as
 * {@code @LocalServerPort} is for the web server's port. Inject it into a {@code String}
 * of a test (parse it with {@code IpcAddress.parse}); it is set once the server has
 * started.
 */
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Value("${" + IpcServerLifecycle.LOCAL_ADDRESS_PROPERTY + "}")
public @interface LocalIpcServerAddress {

}
