package dev.socketipc.autoconfigure;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import dev.socketipc.server.ServiceDefinition;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.util.ClassUtils;

/**
 * Finds the {@link IpcService @IpcService} beans of a context and describes them for the
 * server.
 */
final class IpcServices {

	private IpcServices() {
	}

	static List<ServiceDefinition> find(ListableBeanFactory beanFactory) {
		List<ServiceDefinition> services = new ArrayList<>();
		for (String name : beanFactory.getBeanNamesForAnnotation(IpcService.class)) {
			IpcService annotation = beanFactory.findAnnotationOnBean(name, IpcService.class);
			Object bean = beanFactory.getBean(name);
			Class<?> type = ClassUtils.getUserClass(AopUtils.getTargetClass(bean));
			String prefix = (annotation != null) ? annotation.prefix() : "";
			services.add(new ServiceDefinition(prefix, bean, type, (method) -> invocable(name, bean, method)));
		}
		return services;
	}

	private static Method invocable(String beanName, Object bean, Method method) {
		try {
			return AopUtils.selectInvocableMethod(method, bean.getClass());
		}
		catch (IllegalStateException ex) {
			throw new IllegalStateException("Cannot expose method " + method.getDeclaringClass().getSimpleName() + "."
					+ method.getName() + " of @IpcService bean '" + beanName + "': " + ex.getMessage()
					+ "; declare it on the proxied interface, use a class-based proxy, or hide it with"
					+ " @IpcMethod(exposed = false)", ex);
		}
	}

}
