package dev.socketipc.test.autoconfigure;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import dev.socketipc.annotation.IpcClient;
import dev.socketipc.autoconfigure.IpcClientAddressResolver;
import dev.socketipc.autoconfigure.IpcClientRegistry;
import dev.socketipc.client.ClientContract;
import dev.socketipc.protocol.WireCodec;
import dev.socketipc.test.MockIpcServer;
import dev.socketipc.transport.IpcAddress;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Registers, once every {@code @IpcClient} bean is defined, a {@link MockIpcServer} bean
 * per server those clients use, on {@code local:ipc-client-test-<n>-<server>} ({@code n}
 * counting the application contexts of this JVM), qualified by the server's name, and an
 * {@link IpcClientAddressResolver} that points the clients there. The mock servers start
 * when their beans are created, before the clients connect, and stop after the client
 * registry has closed their connections.
 */
final class MockIpcServersRegistrar implements BeanDefinitionRegistryPostProcessor, EnvironmentAware {

	private static final AtomicLong contexts = new AtomicLong();

	private final Set<String> seedServers;

	private Environment environment;

	MockIpcServersRegistrar(Set<String> seedServers) {
		this.seedServers = seedServers;
	}

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
		Map<String, Set<String>> methodsByServer = new LinkedHashMap<>();
		for (String name : registry.getBeanDefinitionNames()) {
			BeanDefinition definition = registry.getBeanDefinition(name);
			if (definition instanceof RootBeanDefinition root && root.hasBeanClass()
					&& root.getBeanClass().isInterface()) {
				IpcClient client = AnnotatedElementUtils.findMergedAnnotation(root.getBeanClass(), IpcClient.class);
				if (client != null) {
					methodsByServer.computeIfAbsent(serverName(client), (key) -> new LinkedHashSet<>())
						.addAll(ClientContract.of(root.getBeanClass(), client.prefix()).wireNames());
				}
			}
		}
		long context = contexts.incrementAndGet();
		Map<String, IpcAddress> addresses = new LinkedHashMap<>();
		BeanFactory beanFactory = (BeanFactory) registry;
		methodsByServer.forEach((server, methods) -> {
			IpcAddress address = new IpcAddress.Local("ipc-client-test-" + context + "-" + localName(server));
			addresses.put(server, address);
			MockIpcServer.Pose pose = this.seedServers.contains(server) ? MockIpcServer.Pose.SEED
					: MockIpcServer.Pose.CURRENT;
			RootBeanDefinition mock = new RootBeanDefinition(MockIpcServer.class, () -> MockIpcServer.create(server,
					address, pose, methods, beanFactory.getBeanProvider(WireCodec.class).getIfAvailable()));
			mock.setInitMethodName("start");
			mock.setDestroyMethodName("stop");
			mock.addQualifier(new AutowireCandidateQualifier(Qualifier.class, server));
			registry.registerBeanDefinition("mockIpcServer." + server, mock);
		});
		Map<String, IpcAddress> resolved = Map.copyOf(addresses);
		registry.registerBeanDefinition("mockIpcServerAddresses",
				new RootBeanDefinition(IpcClientAddressResolver.class, () -> (IpcClientAddressResolver) resolved::get));
	}

	/**
	 * Makes the client registry depend on the mock servers, so that its connections close
	 * before the servers stop when the context closes (not lost and retried).
	 */
	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		String[] mocks = beanFactory.getBeanNamesForType(MockIpcServer.class, true, false);
		for (String name : beanFactory.getBeanNamesForType(IpcClientRegistry.class, true, false)) {
			BeanDefinition registry = beanFactory.getBeanDefinition(name);
			Set<String> dependsOn = new LinkedHashSet<>();
			if (registry.getDependsOn() != null) {
				dependsOn.addAll(List.of(registry.getDependsOn()));
			}
			dependsOn.addAll(List.of(mocks));
			registry.setDependsOn(dependsOn.toArray(String[]::new));
		}
	}

	/** The key the client registry knows the server by: its name, or its address. */
	private String serverName(IpcClient client) {
		if (StringUtils.hasText(client.value())) {
			return client.value();
		}
		String address = this.environment.resolvePlaceholders(client.address());
		try {
			return IpcAddress.parse(address).toString();
		}
		catch (IllegalArgumentException ex) {
			return address; // self, or an address the client registry reports
		}
	}

	private static String localName(String server) {
		String name = server.replaceAll("[^A-Za-z0-9._:/-]", "_");
		return (name.length() > 150) ? name.substring(0, 150) : name;
	}

}
