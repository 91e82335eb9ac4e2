package dev.socketipc.autoconfigure;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import dev.socketipc.transport.LogLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.ResolvableType;
import org.springframework.util.ReflectionUtils;

/**
 * One {@link IpcListener @IpcListener} method of one bean: checked once, then called with
 * each event's data. What the method throws is logged at WARN with its stack trace, once
 * per 10 s per method with a count of the rest, and the next events still reach it. This
 * class is thread-safe.
 */
final class IpcListenerMethod implements Consumer<Object> {

	private static final Logger logger = LoggerFactory.getLogger(IpcListenerMethod.class);

	private static final Duration LOG_INTERVAL = Duration.ofSeconds(10);

	private final String beanName;

	private final Object bean;

	private final Method method;

	private final Method invocable;

	private final IpcListener annotation;

	private final LogLimiter failures = new LogLimiter(LOG_INTERVAL);

	private IpcListenerMethod(String beanName, Object bean, Method method, Method invocable, IpcListener annotation) {
		this.beanName = beanName;
		this.bean = bean;
		this.method = method;
		this.invocable = invocable;
		this.annotation = annotation;
	}

	/**
	 * Checks a listener method of a bean: it takes exactly one parameter, and can be
	 * called on the bean (on its proxy's interface when it is a JDK proxy).
	 * @throws IllegalStateException naming the bean and method when it cannot listen
	 */
	static IpcListenerMethod of(String beanName, Object bean, Method method, IpcListener annotation) {
		if (method.getParameterCount() != 1) {
			throw new IllegalStateException(describe(annotation, method, beanName)
					+ " must take exactly one parameter, the event's data read as its type, but takes "
					+ method.getParameterCount());
		}
		Method invocable;
		try {
			invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
		}
		catch (IllegalStateException ex) {
			throw new IllegalStateException(describe(annotation, method, beanName)
					+ " cannot be called on the bean's proxy: " + ex.getMessage(), ex);
		}
		ReflectionUtils.makeAccessible(invocable);
		return new IpcListenerMethod(beanName, bean, method, invocable, annotation);
	}

	/**
	 * Words a listener for messages: its annotation, method and bean.
	 */
	static String describe(IpcListener annotation, Method method, String beanName) {
		return "@IpcListener(client = \"" + annotation.client() + "\", topic = \"" + annotation.topic() + "\") on "
				+ method.getDeclaringClass().getSimpleName() + "." + method.getName()
				+ Arrays.stream(method.getParameterTypes())
					.map(Class::getSimpleName)
					.collect(Collectors.joining(", ", "(", ")"))
				+ " of bean '" + beanName + "'";
	}

	IpcListener annotation() {
		return this.annotation;
	}

	/**
	 * Returns the type each event's data is read as: the parameter's, with the bean
	 * class's type variables resolved.
	 */
	Type payloadType() {
		return ResolvableType.forMethodParameter(this.method, 0, AopUtils.getTargetClass(this.bean)).getType();
	}

	@Override
	public void accept(Object payload) {
		try {
			this.invocable.invoke(this.bean, payload);
		}
		catch (InvocationTargetException ex) {
			failed(ex.getTargetException());
		}
		catch (IllegalAccessException | IllegalArgumentException ex) {
			failed(ex);
		}
	}

	private void failed(Throwable failure) {
		long suppressed = this.failures.tryAcquire();
		if (suppressed >= 0) {
			logger.warn("{} failed on an event ({} similar failures suppressed)",
					describe(this.annotation, this.method, this.beanName), suppressed, failure);
		}
	}

	@Override
	public String toString() {
		return describe(this.annotation, this.method, this.beanName);
	}

}
