package dev.socketipc.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.socketipc.annotation.IpcClient;

import org.springframework.context.annotation.Import;

/**
 * Chooses which {@link IpcClient @IpcClient} interfaces become beans, instead of the
 * default scan of the application's auto-configuration packages.
 *
 * <pre>{@code
 * &#64;EnableIpcClients(basePackages = "com.example.ipc", clients = LegacyCalculator.class)
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import(IpcClientsRegistrar.class)
public @interface EnableIpcClients {

	/**
	 * Packages to scan for {@code @IpcClient} interfaces.
	 * @return the packages
	 */
	String[] basePackages() default {};

	/**
	 * Classes whose packages are scanned, a type-safe alternative to
	 * {@link #basePackages()}.
	 * @return the classes
	 */
	Class<?>[] basePackageClasses() default {};

	/**
	 * Interfaces to register whatever their package; each must be annotated
	 * {@code @IpcClient}.
	 * @return the interfaces
	 */
	Class<?>[] clients() default {};

}
