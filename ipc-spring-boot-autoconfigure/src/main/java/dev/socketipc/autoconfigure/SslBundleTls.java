package dev.socketipc.autoconfigure;

import javax.net.ssl.SSLEngine;

import dev.socketipc.transport.Tls;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.util.StringUtils;

/**
 * Turns a Spring Boot SSL bundle into the core's {@link Tls} settings, applying the
 * bundle's protocols and ciphers.
 */
final class SslBundleTls {

	private SslBundleTls() {
	}

	/**
	 * Returns the TLS settings of a bundle.
	 * @param property the property that names the bundle, for error messages
	 * @param bundleName the bundle name, may be empty
	 * @return the settings, or {@code null} when no bundle is named
	 * @throws InvalidConfigurationPropertyValueException naming the property when the
	 * bundle does not exist
	 */
	static Tls of(String property, String bundleName, Tls.ClientAuth clientAuth, ObjectProvider<SslBundles> bundles) {
		if (!StringUtils.hasText(bundleName)) {
			return null;
		}
		SslBundles available = bundles.getIfAvailable();
		if (available == null) {
			throw new InvalidConfigurationPropertyValueException(property, bundleName,
					"no SSL bundles are configured (spring.ssl.bundle.*)");
		}
		SslBundle bundle;
		try {
			bundle = available.getBundle(bundleName);
		}
		catch (NoSuchSslBundleException ex) {
			throw new InvalidConfigurationPropertyValueException(property, bundleName, ex.getMessage());
		}
		SslOptions options = bundle.getOptions();
		return new Tls(bundle.createSslContext(), clientAuth, (SSLEngine engine) -> {
			if (options.getEnabledProtocols() != null) {
				engine.setEnabledProtocols(options.getEnabledProtocols());
			}
			if (options.getCiphers() != null) {
				engine.setEnabledCipherSuites(options.getCiphers());
			}
		});
	}

}
