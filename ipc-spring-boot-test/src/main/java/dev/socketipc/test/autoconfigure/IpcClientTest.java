package dev.socketipc.test.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.autoconfigure.OverrideAutoConfiguration;
import org.springframework.boot.test.context.filter.annotation.TypeExcludeFilters;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.context.BootstrapWith;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * A test of {@code @IpcClient} interfaces without their servers: loads only the IPC
 * client auto-configuration, Jackson and the named interfaces (every {@code @IpcClient}
 * interface of the application when none is named), and points the clients of each server
 * at a {@link dev.socketipc.test.MockIpcServer} of its own, on a {@code local:} address.
 * No other bean of the application is loaded, no IPC server either.
 *
 * <pre class="code">
 * &#64;IpcClientTest(Calculator.class)
 * class CalculatorClientTest {
 *
 *     &#64;Autowired
 *     Calculator calculator;
 *
 *     &#64;Autowired
 *     MockIpcServer server; // or MockIpcServer.bindTo(context, "calculator")
 *
 *     &#64;Test
 *     void adds() {
 *         server.expect("add").withArgs(1, 2, 3).andRespond(6);
 *         assertThat(calculator.add(1, 2, 3)).isEqualTo(6);
 *         server.verify();
 *     }
 *
 * }
 * </pre>
 *
 * With several servers, inject each with {@code @Qualifier("<server name>")}. A call no
 * expectation matches fails the test after its method, even when the client swallowed the
 * error; the mock servers are reset after each test method.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@BootstrapWith(IpcClientTestContextBootstrapper.class)
@ExtendWith(SpringExtension.class)
@OverrideAutoConfiguration(enabled = false)
@TypeExcludeFilters(IpcClientTypeExcludeFilter.class)
@ImportAutoConfiguration
public @interface IpcClientTest {

	/**
	 * Alias for {@link #clients()}.
	 * @return the {@code @IpcClient} interfaces to test
	 */
	@AliasFor("clients")
	Class<?>[] value() default {};

	/**
	 * The {@code @IpcClient} interfaces to load; empty (the default) for every one of the
	 * application's auto-configuration packages.
	 * @return the {@code @IpcClient} interfaces to test
	 */
	@AliasFor("value")
	Class<?>[] clients() default {};

	/**
	 * Names of the servers whose mock poses as a seed (Node.js) server: its
	 * {@code register} line has no {@code protocol} and no {@code features}, so clients
	 * send it no {@code meta} and no ping.
	 * @return the server names
	 */
	String[] seedServers() default {};

	/**
	 * Properties in {@code key=value} form added to the environment before the test runs.
	 * @return the properties
	 */
	String[] properties() default {};

	/**
	 * Whether the default filtering of component scanning applies; it excludes every
	 * component of the application.
	 * @return whether to use the default filters
	 */
	boolean useDefaultFilters() default true;

	/**
	 * Components to load although the slice excludes them.
	 * @return the include filters
	 */
	Filter[] includeFilters() default {};

	/**
	 * Components to exclude besides.
	 * @return the exclude filters
	 */
	Filter[] excludeFilters() default {};

}
