package dev.socketipc.autoconfigure;

import java.util.List;

import dev.socketipc.annotation.IpcClient;
import dev.socketipc.client.IpcClientInterceptor;
import dev.socketipc.client.IpcConnection;
import dev.socketipc.protocol.WireCodec;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Auto-configuration of IPC clients: registers a bean for every
 * {@link IpcClient @IpcClient} interface in the application's auto-configuration packages
 * (unless {@link EnableIpcClients} chooses them), backed by an {@link IpcClientRegistry}
 * configured from {@code ipc.client.*}, whose values are checked at startup. Beans of
 * type {@link IpcClientInterceptor} run around every call, in
 * {@code @Order}/{@code Ordered} order; {@link IpcClientAddressResolver} and
 * {@link IpcConnectionCustomizer} beans choose where and how each server's connection
 * connects. A client whose address is {@code self}, or the configured address of this
 * application's own server, connects to the address that server bound. A client whose
 * address is {@code lb://<serviceId>} spreads its calls over the service's instances
 * through the {@link IpcBalancerFactory} bean (Spring Cloud LoadBalancer).
 * {@link IpcListener @IpcListener} methods of any bean listen to their client's topics,
 * and {@code ipc.client.servers.<name>.application-events=true} republishes a server's
 * events as {@link IpcTopicEvent}s.
 */
@AutoConfiguration(after = SslAutoConfiguration.class,
		afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnClass(IpcConnection.class)
@EnableConfigurationProperties(IpcClientProperties.class)
@Import({ WireCodecConfiguration.class, IpcClientAutoConfiguration.AutoConfiguredIpcClientsRegistrar.class })
public final class IpcClientAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	IpcClientRegistry ipcClientRegistry(IpcClientProperties properties, Environment environment, WireCodec ipcWireCodec,
			ObjectProvider<SslBundles> sslBundles, ObjectProvider<IpcClientInterceptor> interceptors,
			ObjectProvider<IpcClientAddressResolver> addressResolvers,
			ObjectProvider<IpcConnectionCustomizer> connectionCustomizers,
			ObjectProvider<IpcBalancerFactory> balancerFactory, ListableBeanFactory beanFactory) {
		IpcClientPropertiesCheck.checkValues(properties);
		return new IpcClientRegistry(properties, environment, ipcWireCodec, sslBundles, interceptors,
				new ClientHooks(addressResolvers, connectionCustomizers, OwnServer.of(beanFactory), balancerFactory));
	}

	@Bean
	IpcClientPropertiesCheck ipcClientPropertiesCheck(IpcClientProperties properties, ListableBeanFactory beanFactory,
			IpcClientRegistry registry, IpcListeners ipcListeners) {
		return new IpcClientPropertiesCheck(properties, beanFactory, registry, ipcListeners);
	}

	@Bean
	IpcListeners ipcListeners(ConfigurableListableBeanFactory beanFactory, IpcClientProperties properties,
			IpcClientRegistry registry) {
		return new IpcListeners(beanFactory, properties, registry);
	}

	@Bean
	IpcApplicationEvents ipcApplicationEvents(IpcClientProperties properties, IpcClientRegistry registry,
			ApplicationEventPublisher publisher, IpcListeners ipcListeners) {
		return new IpcApplicationEvents(properties, registry, publisher, ipcListeners);
	}

	/**
	 * Scans the auto-configuration packages, as Spring Boot does for repositories, unless
	 * the application uses {@link EnableIpcClients}.
	 */
	static class AutoConfiguredIpcClientsRegistrar implements ImportBeanDefinitionRegistrar, BeanFactoryAware {

		private BeanFactory beanFactory;

		@Override
		public void setBeanFactory(BeanFactory beanFactory) {
			this.beanFactory = beanFactory;
		}

		@Override
		public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
			if (registry.containsBeanDefinition(IpcClientsRegistrar.EXPLICIT_MARKER)
					|| !AutoConfigurationPackages.has(this.beanFactory)) {
				return;
			}
			List<String> packages = AutoConfigurationPackages.get(this.beanFactory);
			IpcClientsRegistrar.scan(packages, registry, getClass().getClassLoader());
		}

	}

}
