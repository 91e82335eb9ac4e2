package dev.socketipc.autoconfigure;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import dev.socketipc.annotation.IpcClient;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Registers one bean definition per {@link IpcClient @IpcClient} interface, as
 * {@link EnableIpcClients} says. Each definition's instance supplier asks the
 * {@link IpcClientRegistry} for the proxy, so the proxies are ordinary beans:
 * constructor-injectable and visible to conditions.
 */
public class IpcClientsRegistrar implements ImportBeanDefinitionRegistrar {

	/**
	 * The name of a marker bean that tells the auto-configuration that the application
	 * chose its clients.
	 */
	static final String EXPLICIT_MARKER = ExplicitClients.class.getName();

	@Override
	public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
		Map<String, Object> attributes = metadata.getAnnotationAttributes(EnableIpcClients.class.getName());
		if (attributes == null) {
			return;
		}
		Set<String> packages = new LinkedHashSet<>();
		for (String pkg : (String[]) attributes.get("basePackages")) {
			if (StringUtils.hasText(pkg)) {
				packages.add(pkg);
			}
		}
		for (Class<?> type : (Class<?>[]) attributes.get("basePackageClasses")) {
			packages.add(ClassUtils.getPackageName(type));
		}
		Class<?>[] clients = (Class<?>[]) attributes.get("clients");
		if (packages.isEmpty() && clients.length == 0) {
			packages.add(ClassUtils.getPackageName(metadata.getClassName()));
		}
		registerClients(registry, clients);
		scan(packages, registry, ClassUtils.getDefaultClassLoader());
	}

	/**
	 * Registers a bean for each of the given {@code @IpcClient} interfaces and tells the
	 * auto-configuration that the application chose its clients, so that it scans no
	 * package: what {@code @EnableIpcClients(clients = ...)} does, for test slices.
	 * @param registry where to register the beans
	 * @param clients the {@code @IpcClient} interfaces
	 * @throws IllegalStateException when one is not an interface annotated
	 * {@code @IpcClient}
	 */
	public static void registerClients(BeanDefinitionRegistry registry, Class<?>... clients) {
		if (!registry.containsBeanDefinition(EXPLICIT_MARKER)) {
			registry.registerBeanDefinition(EXPLICIT_MARKER, new RootBeanDefinition(ExplicitClients.class));
		}
		for (Class<?> client : clients) {
			if (!client.isInterface() || !client.isAnnotationPresent(IpcClient.class)) {
				throw new IllegalStateException("@EnableIpcClients(clients = " + client.getName()
						+ ") must name interfaces annotated @IpcClient");
			}
			register(client, registry);
		}
	}

	static void scan(Iterable<String> packages, BeanDefinitionRegistry registry, ClassLoader classLoader) {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false) {
			@Override
			protected boolean isCandidateComponent(AnnotatedBeanDefinition definition) {
				return definition.getMetadata().isInterface() && definition.getMetadata().isIndependent();
			}
		};
		scanner.addIncludeFilter(new AnnotationTypeFilter(IpcClient.class, false, true));
		for (String pkg : packages) {
			for (BeanDefinition candidate : scanner.findCandidateComponents(pkg)) {
				register(ClassUtils.resolveClassName(candidate.getBeanClassName(), classLoader), registry);
			}
		}
	}

	static void register(Class<?> type, BeanDefinitionRegistry registry) {
		for (String name : registry.getBeanDefinitionNames()) {
			if (registry.getBeanDefinition(name) instanceof RootBeanDefinition root && root.hasBeanClass()
					&& root.getBeanClass() == type) {
				return;
			}
		}
		String name = StringUtils.uncapitalize(type.getSimpleName());
		if (registry.containsBeanDefinition(name)) {
			name = type.getName();
		}
		RootBeanDefinition definition = new RootBeanDefinition(type);
		BeanFactory beanFactory = (BeanFactory) registry;
		definition.setInstanceSupplier(() -> beanFactory.getBean(IpcClientRegistry.class).createClient(type));
		registry.registerBeanDefinition(name, definition);
	}

	/**
	 * Marker bean: {@code @EnableIpcClients} chose the clients, so the auto-configuration
	 * does not scan.
	 */
	static final class ExplicitClients {

	}

}
