package dev.socketipc.server;

import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;

import dev.socketipc.transport.DurationText;
import dev.socketipc.transport.IoTransport;
import dev.socketipc.transport.UnixSocketFile;

/**
 * Writes the one INFO line a server logs when it starts: its address, its methods (the
 * first {@value #MAX_NAMES} names), the settings that differ from the defaults, and the
 * kind of executor that runs the methods. Built once from the builder; immutable.
 */
final class StartLine {

	/** How many method names the line lists before it only counts the rest. */
	static final int MAX_NAMES = 20;

	private final String settings;

	private final String executor;

	StartLine(IpcServerBuilder builder) {
		this.settings = settings(builder);
		this.executor = describe(builder.executor);
	}

	/**
	 * Returns the line for a server bound to an address with these methods, naming the
	 * I/O transport it runs.
	 * @param address the bound address, as text
	 * @param methods the exposed names, in the order announced
	 * @param topics the topics listed, empty for none
	 * @param transport the transport in use, {@code null} for a {@code local:} server
	 */
	String format(String address, List<String> methods, List<String> topics, IoTransport transport) {
		return "IPC server listening on " + address + " with " + methods.size() + " method(s) " + names(methods)
				+ (topics.isEmpty() ? "" : " and " + topics.size() + " topic(s) " + names(topics)) + "; "
				+ (this.settings.isEmpty() ? "default limits" : this.settings) + "; executor: " + this.executor
				+ ((transport != null) ? "; I/O with " + transport : "");
	}

	static String names(List<String> methods) {
		if (methods.size() <= MAX_NAMES) {
			return methods.toString();
		}
		return "[" + String.join(", ", methods.subList(0, MAX_NAMES)) + ", ... and " + (methods.size() - MAX_NAMES)
				+ " more]";
	}

	private static String settings(IpcServerBuilder builder) {
		List<String> changed = new ArrayList<>();
		add(changed, "max-line-length", builder.maxLineLength, IpcServerBuilder.DEFAULT_MAX_LINE_LENGTH);
		add(changed, "max-in-flight", builder.maxInFlight, IpcServerBuilder.DEFAULT_MAX_IN_FLIGHT);
		add(changed, "max-connections", builder.maxConnections, 0);
		add(changed, "io-threads", builder.ioThreads, 0);
		addDuration(changed, "shutdown-timeout", builder.shutdownTimeout, IpcServerBuilder.DEFAULT_SHUTDOWN_TIMEOUT);
		addDuration(changed, "read-timeout", builder.readTimeout, IpcServerBuilder.DEFAULT_READ_TIMEOUT);
		addDuration(changed, "idle-timeout", builder.idleTimeout, Duration.ZERO);
		if (!Objects.equals(builder.socketPermissions,
				UnixSocketFile.parsePermissions(IpcServerBuilder.DEFAULT_SOCKET_PERMISSIONS))) {
			changed.add("socket-permissions=" + ((builder.socketPermissions != null)
					? PosixFilePermissions.toString(builder.socketPermissions) : "umask"));
		}
		if (builder.socketDirectoryPermissions != null) {
			changed.add("socket-directory-permissions="
					+ PosixFilePermissions.toString(builder.socketDirectoryPermissions));
		}
		if (!builder.allowedUids.isEmpty()) {
			changed.add("allowed-uids=" + builder.allowedUids);
		}
		if (!builder.allowedGids.isEmpty()) {
			changed.add("allowed-gids=" + builder.allowedGids);
		}
		if (builder.localPeerUid >= 0) {
			changed.add("local-peer=uid " + builder.localPeerUid + "/gid " + builder.localPeerGid);
		}
		if (builder.tls != null) {
			changed.add("tls=on");
		}
		if (builder.errorDetails != IpcServerBuilder.DEFAULT_ERROR_DETAILS) {
			changed.add("error-details=" + builder.errorDetails.name().toLowerCase(java.util.Locale.ROOT));
		}
		return String.join(", ", changed);
	}

	private static void add(List<String> changed, String name, int value, int defaultValue) {
		if (value != defaultValue) {
			changed.add(name + "=" + value);
		}
	}

	private static void addDuration(List<String> changed, String name, Duration value, Duration defaultValue) {
		if (!value.equals(defaultValue)) {
			changed.add(name + "=" + DurationText.format(value));
		}
	}

	private static String describe(Executor executor) {
		if (executor == null) {
			return "the server's own cached thread pool";
		}
		Class<?> type = executor.getClass();
		return (type.isAnonymousClass() || type.isSynthetic() || type.getSimpleName().isEmpty()) ? type.getName()
				: type.getSimpleName();
	}

}
