package dev.socketipc.autoconfigure;

import java.util.concurrent.Executor;

import dev.socketipc.server.IpcServerBuilder;
import dev.socketipc.protocol.WireCodec;
import dev.socketipc.server.IpcEventPublisher;
import dev.socketipc.server.IpcExceptionHandler;
import dev.socketipc.server.IpcServer;
import dev.socketipc.server.IpcServerInterceptor;
import dev.socketipc.server.IpcServerObserver;
import dev.socketipc.transport.IpcAddress;
import dev.socketipc.transport.UnixSocketFile;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;

/**
 * Auto-configuration of the IPC server: when the application has
 * {@link IpcService @IpcService} beans, serves their methods on the address of
 * {@code ipc.server.address}, with the {@link IpcServerInterceptor} and
 * {@link IpcExceptionHandler} beans of the context applied in {@code @Order}, and the
 * {@link IpcServerObserver} beans (observations) seeing every request. Left on its
 * default address, a second application context of the same application in this JVM
 * listens on {@code <name>-2.sock} rather than failing ({@link OwnServerAddress}); the
 * address bound is published as {@code local.ipc.server.address}.
 */
@AutoConfiguration(after = { TaskExecutionAutoConfiguration.class, SslAutoConfiguration.class },
		afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnClass(IpcServer.class)
@ConditionalOnBooleanProperty(name = "ipc.server.enabled", matchIfMissing = true)
@ConditionalOnBean(annotation = IpcService.class)
@EnableConfigurationProperties(IpcServerProperties.class)
@Import(WireCodecConfiguration.class)
public final class IpcServerAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(IpcServer.class)
	OwnServerAddress ipcOwnServerAddress(IpcServerProperties properties, Environment environment,
			ObjectProvider<IpcServerAddressResolver> resolvers) {
		return OwnServerAddress.decide(properties, environment, resolvers.orderedStream());
	}

	@Bean
	@ConditionalOnMissingBean
	IpcServer ipcServer(IpcServerProperties properties, OwnServerAddress ownAddress, ListableBeanFactory beanFactory,
			WireCodec ipcWireCodec,
			@Qualifier(TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME) ObjectProvider<Executor> taskExecutor,
			ObjectProvider<IpcServerCustomizer> customizers, ObjectProvider<SslBundles> sslBundles,
			ObjectProvider<IpcServerInterceptor> interceptors, ObjectProvider<IpcExceptionHandler> exceptionHandlers,
			ObjectProvider<IpcServerObserver> observers, Environment environment) {
		IpcAddress address = ownAddress.chosen();
		checkPeerCredentialsCanBeRead(properties, ownAddress.configured(), address);
		IpcServerBuilder builder = IpcServer.builder()
			.address(address)
			.codec(ipcWireCodec)
			.transport(IpcTransportSetting.resolve(environment));
		apply("ipc.server.max-line-length", properties.getMaxLineLength(),
				() -> builder.maxLineLength(bytes(properties.getMaxLineLength())));
		apply("ipc.server.max-in-flight", properties.getMaxInFlight(),
				() -> builder.maxInFlight(properties.getMaxInFlight()));
		apply("ipc.server.io-threads", properties.getIoThreads(), () -> builder.ioThreads(properties.getIoThreads()));
		apply("ipc.server.shutdown-timeout", properties.getShutdownTimeout(),
				() -> builder.shutdownTimeout(properties.getShutdownTimeout()));
		apply("ipc.server.socket-permissions", properties.getSocketPermissions(),
				() -> builder.socketPermissions(StringUtils.hasText(properties.getSocketPermissions())
						? UnixSocketFile.parsePermissions(properties.getSocketPermissions()) : null));
		apply("ipc.server.read-timeout", properties.getReadTimeout(),
				() -> builder.readTimeout(properties.getReadTimeout()));
		apply("ipc.server.idle-timeout", properties.getIdleTimeout(),
				() -> builder.idleTimeout(properties.getIdleTimeout()));
		apply("ipc.server.max-connections", properties.getMaxConnections(),
				() -> builder.maxConnections(properties.getMaxConnections()));
		apply("ipc.server.socket-directory-permissions", properties.getSocketDirectoryPermissions(),
				() -> builder.socketDirectoryPermissions(StringUtils.hasText(properties.getSocketDirectoryPermissions())
						? UnixSocketFile.parsePermissions(properties.getSocketDirectoryPermissions()) : null));
		apply("ipc.server.error-details", properties.getErrorDetails(),
				() -> builder.errorDetails(properties.getErrorDetails()));
		apply("ipc.server.max-stream-items", properties.getMaxStreamItems(),
				() -> builder.maxStreamItems(properties.getMaxStreamItems()));
		apply("ipc.server.events.buffer-size", properties.getEvents().getBufferSize(),
				() -> builder.eventBufferSize(properties.getEvents().getBufferSize()));
		apply("ipc.server.events.overflow", properties.getEvents().getOverflow(),
				() -> builder.eventOverflow(properties.getEvents().getOverflow()));
		properties.getTopics().forEach((topic) -> apply("ipc.server.topics", topic, () -> builder.topic(topic)));
		builder.allowedUids(properties.getAllowedUids()).allowedGids(properties.getAllowedGids());
		builder.tls(SslBundleTls.of("ipc.server.ssl.bundle", properties.getSsl().getBundle(),
				properties.getSsl().getClientAuth(), sslBundles));
		taskExecutor.ifAvailable(builder::executor);
		IpcServices.find(beanFactory).forEach(builder::service);
		interceptors.orderedStream().forEach(builder::interceptor);
		exceptionHandlers.orderedStream().forEach(builder::exceptionHandler);
		observers.orderedStream().forEach(builder::observer);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		IpcServer server = builder.build();
		if (!server.address().equals(address)) {
			ownAddress.release(); // a customizer moved the server: the default is free
		}
		return server;
	}

	/**
	 * The server's event publisher, to push events to the connections that subscribed to
	 * a topic of {@code ipc.server.topics}.
	 */
	@Bean
	@ConditionalOnMissingBean
	IpcEventPublisher ipcEventPublisher(IpcServer ipcServer) {
		return ipcServer.events();
	}

	@Bean
	@ConditionalOnMissingBean
	IpcServerLifecycle ipcServerLifecycle(IpcServer ipcServer, ConfigurableEnvironment environment) {
		return new IpcServerLifecycle(ipcServer, environment);
	}

	/**
	 * Fails when allowed uids or gids are set for a TCP address, whose peer's user is
	 * unknown: the address configured as well as the one used, so that a test that runs
	 * the server elsewhere (in-process, on {@code local:}) fails as production would.
	 */
	private static void checkPeerCredentialsCanBeRead(IpcServerProperties properties, IpcAddress configured,
			IpcAddress used) {
		boolean uids = !properties.getAllowedUids().isEmpty();
		if (!uids && properties.getAllowedGids().isEmpty()) {
			return;
		}
		String property = uids ? "ipc.server.allowed-uids" : "ipc.server.allowed-gids";
		Object value = uids ? properties.getAllowedUids() : properties.getAllowedGids();
		if (configured instanceof IpcAddress.Tcp) {
			throw new InvalidConfigurationPropertyValueException(property, value,
					"peer credentials need a Unix socket (or a local: address in tests), but ipc.server.address is "
							+ configured + (configured.equals(used) ? "" : " (this context serves on " + used
									+ " instead, but a run on the configured " + "address would fail)"));
		}
		if (used instanceof IpcAddress.Tcp) {
			throw new InvalidConfigurationPropertyValueException(property, value,
					"peer credentials need a Unix socket (or a local: address in tests), but an "
							+ "IpcServerAddressResolver chose " + used + " for the server");
		}
	}

	static int bytes(DataSize size) {
		long bytes = size.toBytes();
		if (bytes > Integer.MAX_VALUE) {
			throw new IllegalArgumentException("must be at most " + Integer.MAX_VALUE + " bytes, got " + bytes);
		}
		return (int) bytes;
	}

	private static void apply(String property, Object value, Runnable setter) {
		try {
			setter.run();
		}
		catch (IllegalArgumentException | ArithmeticException ex) {
			throw new InvalidConfigurationPropertyValueException(property, value, ex.getMessage());
		}
	}

}
