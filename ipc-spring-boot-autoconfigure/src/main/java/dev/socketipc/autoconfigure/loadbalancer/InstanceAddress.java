package dev.socketipc.autoconfigure.loadbalancer;

import java.util.Map;

import dev.socketipc.transport.IpcAddress;

import org.springframework.cloud.client.ServiceInstance;

/**
 * Where the IPC server of one service instance listens: {@code tcp://host:port}, the port
 * taken from the instance's metadata {@code ipc.port} when it holds a valid port (the
 * server publishes it there when its registered port is another protocol's), else from
 * its metadata {@code port.ipc} (Spring Cloud Kubernetes puts each named port of the
 * Service there as {@code port.<name>}: a port named {@code ipc}), else the instance's
 * own port; TLS when the instance says it is secure.
 *
 * @param address the instance's TCP address
 * @param secure whether the instance asks for TLS
 */
record InstanceAddress(IpcAddress.Tcp address, boolean secure) {

	/** The metadata key of the IPC port. */
	static final String PORT_METADATA = "ipc.port";

	/**
	 * The metadata key of a Kubernetes Service port named {@code ipc}, as Spring Cloud
	 * Kubernetes discovery lists it ({@code port.<name>}).
	 */
	static final String NAMED_PORT_METADATA = "port.ipc";

	/**
	 * Returns the address of an instance.
	 * @param instance the instance
	 * @return the address, or {@code null} when neither the metadata nor the instance
	 * give a valid port (1-65535) or it has no host
	 */
	static InstanceAddress of(ServiceInstance instance) {
		Map<String, String> metadata = instance.getMetadata();
		int port = port(metadata, PORT_METADATA);
		if (port <= 0) {
			port = port(metadata, NAMED_PORT_METADATA);
		}
		if (port <= 0) {
			port = instance.getPort();
		}
		String host = instance.getHost();
		if (host == null || host.isEmpty() || port <= 0 || port > 65535) {
			return null;
		}
		if (host.startsWith("[") && host.endsWith("]")) {
			host = host.substring(1, host.length() - 1);
		}
		return new InstanceAddress(new IpcAddress.Tcp(host, port), instance.isSecure());
	}

	private static int port(Map<String, String> metadata, String key) {
		String text = (metadata != null) ? metadata.get(key) : null;
		if (text == null) {
			return -1;
		}
		try {
			int port = Integer.parseInt(text.trim());
			return (port > 0 && port <= 65535) ? port : -1;
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

}
