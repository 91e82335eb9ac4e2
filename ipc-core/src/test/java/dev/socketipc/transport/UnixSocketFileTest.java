package dev.socketipc.transport;

import java.io.IOException;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;

import dev.socketipc.testsupport.SocketPaths;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class UnixSocketFileTest {

	private Path dir;

	@BeforeEach
	void createDirectory() throws IOException {
		this.dir = SocketPaths.newSocketDirectory();
	}

	@AfterEach
	void deleteDirectory() throws IOException {
		SocketPaths.deleteRecursively(this.dir);
	}

	@Test
	void refusesPathOverThePlatformLimitNamingPathAndLimit() {
		Path path = pathOfLength(UnixSocketFile.maxPathBytes() + 1);

		assertThatIllegalStateException().isThrownBy(() -> UnixSocketFile.prepareForBind(path))
			.withMessage("Unix socket path " + path + " is " + (UnixSocketFile.maxPathBytes() + 1)
					+ " bytes long, over the platform limit of " + UnixSocketFile.maxPathBytes()
					+ " bytes; choose a shorter path");
		assertThat(path.getParent()).doesNotExist();
	}

	@Test
	void countsPathLengthInUtf8Bytes() {
		// 'é' is two bytes in UTF-8: the path is within the limit in chars, over it in
		// bytes
		String base = this.dir + "/n/";
		int chars = (UnixSocketFile.maxPathBytes() - base.length()) / 2 + 1;
		Path path = Path.of(base + "é".repeat(chars));
		int bytes = base.length() + 2 * chars;

		assertThat(path.toString()).hasSizeLessThanOrEqualTo(UnixSocketFile.maxPathBytes());
		assertThatIllegalStateException().isThrownBy(() -> UnixSocketFile.prepareForBind(path))
			.withMessage("Unix socket path " + path + " is " + bytes + " bytes long, over the platform limit of "
					+ UnixSocketFile.maxPathBytes() + " bytes; choose a shorter path");
	}

	@Test
	void pathAtThePlatformLimitIsAcceptedAndCanBeBound() throws IOException {
		Path path = pathOfLength(UnixSocketFile.maxPathBytes());

		UnixSocketFile.prepareForBind(path);

		try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			server.bind(UnixDomainSocketAddress.of(path));
			assertThat(UnixSocketFile.isSocket(path)).isTrue();
		}
	}

	@Test
	void pathOneOverThePlatformLimitCannotBeBoundByTheJdkEither() throws IOException {
		Path path = pathOfLength(UnixSocketFile.maxPathBytes() + 1);
		Files.createDirectories(path.getParent());

		try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			assertThatExceptionOfType(SocketException.class)
				.isThrownBy(() -> server.bind(UnixDomainSocketAddress.of(path)));
		}
	}

	@Test
	void createsMissingParentDirectories() throws IOException {
		Path path = this.dir.resolve("a/b/s.sock");

		UnixSocketFile.prepareForBind(path);

		assertThat(this.dir.resolve("a/b")).isDirectory();
		assertThat(path).doesNotExist();
	}

	@Test
	void leavesAFreePathAlone() throws IOException {
		Path path = this.dir.resolve("s.sock");

		UnixSocketFile.prepareForBind(path);

		assertThat(path).doesNotExist();
		assertThat(this.dir).isEmptyDirectory();
	}

	@Test
	void removesStaleSocketLeftByAClosedServer() throws IOException {
		Path path = this.dir.resolve("s.sock");
		createStaleSocket(path);
		assertThat(UnixSocketFile.isSocket(path)).isTrue();

		UnixSocketFile.prepareForBind(path);

		assertThat(path).doesNotExist();
	}

	@Test
	void refusesLiveSocketAndKeepsIt() throws IOException {
		Path path = this.dir.resolve("s.sock");
		try (ServerSocketChannel live = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			live.bind(UnixDomainSocketAddress.of(path));

			assertThatIllegalStateException().isThrownBy(() -> UnixSocketFile.prepareForBind(path))
				.withMessage("Cannot bind Unix socket " + path
						+ ": another server is listening on it; stop that server or choose another path");
			assertThat(UnixSocketFile.isSocket(path)).isTrue();
		}
	}

	@Test
	void refusesRegularFileAndNeverDeletesIt() throws IOException {
		Path path = this.dir.resolve("s.sock");
		Files.writeString(path, "precious");

		assertNotASocketRefusal(path);
		assertThat(path).isRegularFile().hasContent("precious");
	}

	@Test
	void refusesDirectoryAndNeverDeletesIt() throws IOException {
		Path path = this.dir.resolve("s.sock");
		Files.createDirectory(path);
		Files.writeString(path.resolve("inside"), "precious");

		assertNotASocketRefusal(path);
		assertThat(path).isDirectory();
		assertThat(path.resolve("inside")).hasContent("precious");
	}

	@Test
	void refusesSymlinkToASocketAndKeepsLinkAndSocket() throws IOException {
		Path target = this.dir.resolve("target.sock");
		createStaleSocket(target);
		Path link = Files.createSymbolicLink(this.dir.resolve("s.sock"), target);

		assertNotASocketRefusal(link);
		assertThat(Files.isSymbolicLink(link)).isTrue();
		assertThat(Files.readSymbolicLink(link)).isEqualTo(target);
		assertThat(UnixSocketFile.isSocket(target)).isTrue();
	}

	@Test
	void refusesSymlinkToARegularFileAndKeepsLinkAndFile() throws IOException {
		Path target = this.dir.resolve("target.txt");
		Files.writeString(target, "precious");
		Path link = Files.createSymbolicLink(this.dir.resolve("s.sock"), target);

		assertNotASocketRefusal(link);
		assertThat(Files.isSymbolicLink(link)).isTrue();
		assertThat(target).isRegularFile().hasContent("precious");
	}

	@Test
	void refusesDanglingSymlinkAndKeepsIt() throws IOException {
		Path link = Files.createSymbolicLink(this.dir.resolve("s.sock"), this.dir.resolve("missing"));

		assertNotASocketRefusal(link);
		assertThat(Files.isSymbolicLink(link)).isTrue();
	}

	@Test
	void tellsSocketsFromOtherFiles() throws IOException {
		Path socket = this.dir.resolve("s.sock");
		createStaleSocket(socket);
		Path file = Files.writeString(this.dir.resolve("f"), "x");

		assertThat(UnixSocketFile.isSocket(socket)).isTrue();
		assertThat(UnixSocketFile.isSocket(file)).isFalse();
		assertThat(UnixSocketFile.isSocket(this.dir)).isFalse();
		assertThat(UnixSocketFile.isSocket(Files.createSymbolicLink(this.dir.resolve("l"), socket))).isFalse();
	}

	@Test
	void parsesSymbolicPermissions() {
		assertThat(UnixSocketFile.parsePermissions("rw-------"))
			.containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
	}

	@Test
	void parsesOctalPermissions() {
		assertThat(UnixSocketFile.parsePermissions("600")).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
				PosixFilePermission.OWNER_WRITE);
		assertThat(UnixSocketFile.parsePermissions("0660")).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
				PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE);
		assertThat(UnixSocketFile.parsePermissions("0777")).isEqualTo(EnumSet.allOf(PosixFilePermission.class));
		assertThat(UnixSocketFile.parsePermissions("000")).isEmpty();
	}

	@Test
	void symbolicAndOctalFormsAgree() {
		assertThat(UnixSocketFile.parsePermissions("0754")).isEqualTo(UnixSocketFile.parsePermissions("rwxr-xr--"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "rw", "rw-------x", "800", "0o600", "60", "06600", "rwz------" })
	void rejectsMalformedPermissionsNamingTheInput(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> UnixSocketFile.parsePermissions(text))
			.withMessage("'" + text + "' is not a permission set; use the form rw------- or an octal mode such as 600");
	}

	@Test
	void appliesPermissionsToTheFile() throws IOException {
		Path path = this.dir.resolve("s.sock");
		createStaleSocket(path);

		UnixSocketFile.applyPermissions(path, UnixSocketFile.parsePermissions("0660"));

		assertThat(Files.getPosixFilePermissions(path)).isEqualTo(UnixSocketFile.parsePermissions("rw-rw----"));
	}

	private void assertNotASocketRefusal(Path path) {
		assertThatIllegalStateException().isThrownBy(() -> UnixSocketFile.prepareForBind(path))
			.withMessage("Cannot bind Unix socket " + path
					+ ": the path exists and is not a socket; it was left untouched, remove it or choose another path");
	}

	/**
	 * Binds and closes a JDK server socket: unlike Netty, the JDK leaves the socket file
	 * behind.
	 */
	static void createStaleSocket(Path path) throws IOException {
		try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			server.bind(UnixDomainSocketAddress.of(path));
		}
		assertThat(path).exists();
	}

	private Path pathOfLength(int bytes) {
		String base = this.dir + "/n/";
		return Path.of(base + "s".repeat(bytes - base.length()));
	}

}
