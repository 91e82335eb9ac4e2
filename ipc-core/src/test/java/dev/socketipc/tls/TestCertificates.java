package dev.socketipc.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Key material made with the JDK's {@code keytool} for the TLS tests: a test CA, a server
 * certificate it signed naming {@code 127.0.0.1} and {@code localhost}, a client
 * certificate it signed (for mutual TLS), and one PKCS12 truststore trusting the CA, used
 * by both sides. Everything lives in a temporary directory removed by {@link #close()}.
 */
final class TestCertificates implements AutoCloseable {

	/** The password of every store and key. */
	static final String PASSWORD = "changeit";

	private final Path directory;

	private TestCertificates(Path directory) {
		this.directory = directory;
	}

	/** Generates the CA, the server and client certificates and the truststore. */
	static TestCertificates generate() throws IOException {
		Path directory = Files.createTempDirectory("ipc-tls");
		TestCertificates certificates = new TestCertificates(directory);
		try {
			certificates.create();
		}
		catch (IOException | RuntimeException ex) {
			certificates.close();
			throw ex;
		}
		return certificates;
	}

	private void create() throws IOException {
		keytool("-genkeypair", "-alias", "ca", "-dname", "CN=socket-ipc test CA", "-ext", "bc:c", "-ext",
				"ku:c=keyCertSign,cRLSign", "-keystore", "ca.p12");
		keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-file", "ca.pem");
		keytool("-importcert", "-noprompt", "-alias", "ca", "-file", "ca.pem", "-keystore", "truststore.p12");
		signed("server", "CN=localhost", "serverAuth", "san=ip:127.0.0.1,dns:localhost");
		signed("client", "CN=socket-ipc test client", "clientAuth", null);
	}

	/**
	 * Creates {@code <name>.p12} holding a key whose certificate the CA signed, with its
	 * chain.
	 */
	private void signed(String name, String dname, String extendedKeyUsage, String subjectAlternativeNames)
			throws IOException {
		String keystore = name + ".p12";
		keytool("-genkeypair", "-alias", name, "-dname", dname, "-keystore", keystore);
		keytool("-certreq", "-alias", name, "-keystore", keystore, "-file", name + ".csr");
		List<String> sign = new ArrayList<>(
				List.of("-gencert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-infile", name + ".csr", "-outfile",
						name + ".pem", "-ext", "ku:c=digitalSignature", "-ext", "eku=" + extendedKeyUsage));
		if (subjectAlternativeNames != null) {
			sign.add("-ext");
			sign.add(subjectAlternativeNames);
		}
		keytool(sign.toArray(String[]::new));
		// The CA first, so that keytool can build the chain of the signed certificate it
		// then installs.
		keytool("-importcert", "-noprompt", "-alias", "ca", "-file", "ca.pem", "-keystore", keystore);
		keytool("-importcert", "-noprompt", "-alias", name, "-file", name + ".pem", "-keystore", keystore);
	}

	private void keytool(String... arguments) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
		command.add("-J-XX:TieredStopAtLevel=1");
		command.addAll(List.of(arguments));
		if (List.of(arguments).contains("-genkeypair")) {
			command.addAll(List.of("-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2"));
		}
		command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD));
		Process process = new ProcessBuilder(command).directory(this.directory.toFile())
			.redirectErrorStream(true)
			.start();
		String output;
		try (InputStream stream = process.getInputStream()) {
			output = new String(stream.readAllBytes(), StandardCharsets.UTF_8);
		}
		try {
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException("keytool did not finish: " + command);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while running keytool", ex);
		}
		if (process.exitValue() != 0) {
			throw new IllegalStateException("keytool failed (" + process.exitValue() + "): " + command + "\n" + output);
		}
	}

	/** The server's key and certificate chain (and the CA as a trusted entry). */
	Path serverKeyStore() {
		return this.directory.resolve("server.p12");
	}

	/** The client's key and certificate chain (and the CA as a trusted entry). */
	Path clientKeyStore() {
		return this.directory.resolve("client.p12");
	}

	/** Trusts the test CA, and so both the server's and the client's certificates. */
	Path trustStore() {
		return this.directory.resolve("truststore.p12");
	}

	/** The server's context: its key, and trust in the CA for client certificates. */
	SSLContext serverContext() {
		return context(serverKeyStore(), trustStore());
	}

	/**
	 * A client with a certificate: its key, and trust in the CA for the server's
	 * certificate.
	 */
	SSLContext clientContext() {
		return context(clientKeyStore(), trustStore());
	}

	/** A client without a certificate, trusting the CA. */
	SSLContext trustOnlyContext() {
		return context(null, trustStore());
	}

	private static SSLContext context(Path keyStore, Path trustStore) {
		try {
			KeyManagerFactory keyManagers = null;
			if (keyStore != null) {
				keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
				keyManagers.init(load(keyStore), PASSWORD.toCharArray());
			}
			TrustManagerFactory trustManagers = TrustManagerFactory
				.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trustManagers.init(load(trustStore));
			SSLContext context = SSLContext.getInstance("TLS");
			context.init((keyManagers != null) ? keyManagers.getKeyManagers() : null, trustManagers.getTrustManagers(),
					null);
			return context;
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new IllegalStateException("could not build an SSL context", ex);
		}
	}

	private static KeyStore load(Path path) throws GeneralSecurityException, IOException {
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream stream = Files.newInputStream(path)) {
			store.load(stream, PASSWORD.toCharArray());
		}
		return store;
	}

	@Override
	public void close() throws IOException {
		try (Stream<Path> paths = Files.walk(this.directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
	}

}
