package dev.socketipc.transport;

import java.util.Objects;
import java.util.function.Consumer;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

import io.netty.handler.ssl.SslHandler;

/**
 * TLS settings of a server or a client connection: the JDK {@link SSLContext} (from a
 * Spring Boot SSL bundle or built by hand), whether a server asks for client
 * certificates, and a hook to adjust each engine (protocols, ciphers).
 *
 * @param context the SSL context holding the key and trust material
 * @param clientAuth whether a server requires client certificates (mutual TLS); ignored
 * by clients
 * @param engineCustomizer adjusts each new engine, for example to restrict protocols or
 * ciphers
 */
public record Tls(SSLContext context, ClientAuth clientAuth, Consumer<SSLEngine> engineCustomizer) {

	/**
	 * The longest a TLS handshake may take before the connection is closed, in
	 * milliseconds.
	 */
	public static final long HANDSHAKE_TIMEOUT_MILLIS = 10_000;

	/**
	 * Validates the settings.
	 * @param context the SSL context
	 * @param clientAuth the client certificate policy
	 * @param engineCustomizer the engine hook
	 */
	public Tls {
		Objects.requireNonNull(context, "context");
		Objects.requireNonNull(clientAuth, "clientAuth");
		Objects.requireNonNull(engineCustomizer, "engineCustomizer");
	}

	/**
	 * Returns settings with no client certificates and no engine hook.
	 * @param context the SSL context
	 * @return the settings
	 */
	public static Tls of(SSLContext context) {
		return new Tls(context, ClientAuth.NONE, (engine) -> {
		});
	}

	/**
	 * Creates the handler a server puts first in a connection's pipeline.
	 * @return a new handler
	 */
	public SslHandler newServerHandler() {
		SSLEngine engine = this.context.createSSLEngine();
		engine.setUseClientMode(false);
		if (this.clientAuth == ClientAuth.NEED) {
			engine.setNeedClientAuth(true);
		}
		else if (this.clientAuth == ClientAuth.WANT) {
			engine.setWantClientAuth(true);
		}
		this.engineCustomizer.accept(engine);
		return handler(engine);
	}

	/**
	 * Creates the handler a client puts first in its pipeline; over TCP it checks that
	 * the server's certificate names the host it connects to.
	 * @param address where the client connects
	 * @return a new handler
	 */
	public SslHandler newClientHandler(IpcAddress address) {
		SSLEngine engine;
		if (address instanceof IpcAddress.Tcp tcp) {
			engine = this.context.createSSLEngine(tcp.host(), tcp.port());
			SSLParameters parameters = engine.getSSLParameters();
			parameters.setEndpointIdentificationAlgorithm("HTTPS");
			engine.setSSLParameters(parameters);
		}
		else {
			engine = this.context.createSSLEngine();
		}
		engine.setUseClientMode(true);
		this.engineCustomizer.accept(engine);
		return handler(engine);
	}

	private static SslHandler handler(SSLEngine engine) {
		SslHandler handler = new SslHandler(engine);
		handler.setHandshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MILLIS);
		return handler;
	}

	/**
	 * Whether a server asks its clients for certificates.
	 */
	public enum ClientAuth {

		/** No client certificate is asked for. */
		NONE,

		/** A client certificate is asked for but not required. */
		WANT,

		/** A trusted client certificate is required (mutual TLS). */
		NEED

	}

}
