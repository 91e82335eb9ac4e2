package dev.socketipc.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.socketipc.annotation.IpcMethod;

import org.springframework.core.annotation.AliasFor;
import org.springframework.stereotype.Component;

/**
 * Marks a Spring bean whose public methods the IPC server exposes. Being a
 * {@link Component}, an annotated class is picked up by component scanning; a
 * {@code @Bean} method may carry it too.
 *
 * <p>
 * Calls go through the bean, proxy included, so {@code @Transactional},
 * {@code @Validated} and other aspects apply. Use {@link IpcMethod} to rename or hide one
 * method.
 *
 * <pre>{@code
 * &#64;IpcService            // exposes add and time, as the seed does
 * class SeedService { public int add(int... n) { ... } }
 *
 * &#64;IpcService("calc")    // exposes calc.add
 * class Calculator { public int add(int a, int b) { ... } }
 * }</pre>
 *
 * <p>
 * The prefix is not the bean's name: several classes may share one prefix (one API split
 * over several classes), and their beans keep the names Spring gives them, or
 * {@link #name()}.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface IpcService {

	/**
	 * Alias for {@link #prefix()}.
	 * @return the name prefix
	 */
	@AliasFor("prefix")
	String value() default "";

	/**
	 * The prefix of the service's method names: {@code "calc"} exposes {@code add} as
	 * {@code calc.add}; empty (the default) for bare names. Clients name it in
	 * {@code @IpcClient(prefix = "calc")}.
	 * @return the name prefix
	 */
	@AliasFor("value")
	String prefix() default "";

	/**
	 * The name of the bean of a class found by component scanning; empty (the default)
	 * for the name Spring derives from the class. Ignored on a {@code @Bean} method,
	 * whose bean is named by {@code @Bean}.
	 * @return the bean name
	 */
	@AliasFor(annotation = Component.class, attribute = "value")
	String name() default "";

}
