package dev.socketipc.autoconfigure.loadbalancer;

import java.net.URI;
import java.util.Map;

import org.springframework.cloud.client.serviceregistry.Registration;

/**
 * A Spring Cloud {@link Registration} as a registry's auto-registration holds one: the
 * application's HTTP port, and the metadata map it is given (mutable or not).
 */
final class IpcRegistrationSample implements Registration {

	static final int HTTP_PORT = 8080;

	private final Map<String, String> metadata;

	IpcRegistrationSample(Map<String, String> metadata) {
		this.metadata = metadata;
	}

	@Override
	public String getServiceId() {
		return "calc";
	}

	@Override
	public String getHost() {
		return "127.0.0.1";
	}

	@Override
	public int getPort() {
		return HTTP_PORT;
	}

	@Override
	public boolean isSecure() {
		return false;
	}

	@Override
	public URI getUri() {
		return URI.create("http://127.0.0.1:" + HTTP_PORT);
	}

	@Override
	public Map<String, String> getMetadata() {
		return this.metadata;
	}

}
