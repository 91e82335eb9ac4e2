package dev.socketipc.test.autoconfigure;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

import dev.socketipc.autoconfigure.IpcClientsRegistrar;

import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Sets up an {@link IpcClientTest @IpcClientTest} context: registers the named
 * {@code @IpcClient} interfaces (so that the auto-configuration scans nothing), and the
 * {@link MockIpcServersRegistrar}. Registered in {@code META-INF/spring.factories}.
 */
class IpcClientTestContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		IpcClientTest test = TestContextAnnotationUtils.findMergedAnnotation(testClass, IpcClientTest.class);
		if (test == null) {
			return null;
		}
		return new Customizer(List.of(test.clients()), Set.of(test.seedServers()));
	}

	/**
	 * The customizer of one {@code @IpcClientTest}; equal for equal annotations, so that
	 * their contexts are cached as one.
	 */
	private record Customizer(List<Class<?>> clients, Set<String> seedServers) implements ContextCustomizer {

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
			BeanDefinitionRegistry registry = (BeanDefinitionRegistry) context.getBeanFactory();
			if (!this.clients.isEmpty()) {
				IpcClientsRegistrar.registerClients(registry, this.clients.toArray(Class<?>[]::new));
			}
			registry.registerBeanDefinition(MockIpcServersRegistrar.class.getName(), new RootBeanDefinition(
					MockIpcServersRegistrar.class, () -> new MockIpcServersRegistrar(this.seedServers)));
		}

		@Override
		public String toString() {
			return "IpcClientTest" + Arrays.toString(this.clients.toArray()) + " seed servers " + this.seedServers;
		}

	}

}
