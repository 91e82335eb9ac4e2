package dev.socketipc.transport;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import dev.socketipc.testsupport.SocketPaths;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The directory of default socket addresses: {@code $XDG_RUNTIME_DIR} or a per-user
 * directory under the temp directory, created owner-only, and refused when another user
 * could have planted or could enter it.
 */
class SocketDirectoryTest {

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
	void usesTheRuntimeDirectoryWhenItIsAnAbsolutePath() {
		assertThat(SocketDirectory.resolve("/run/user/1000", Path.of("/tmp"), 1000))
			.isEqualTo(Path.of("/run/user/1000"));
	}

	@Test
	void otherwiseUsesADirectoryNamedAfterTheUidUnderTheTempDirectory() {
		assertThat(SocketDirectory.resolve(null, Path.of("/tmp"), 1000)).isEqualTo(Path.of("/tmp/socket-ipc-1000"));
		assertThat(SocketDirectory.resolve("", Path.of("/tmp"), 0)).isEqualTo(Path.of("/tmp/socket-ipc-0"));
		assertThat(SocketDirectory.resolve("run/user", Path.of("/tmp"), 7)).isEqualTo(Path.of("/tmp/socket-ipc-7"));
	}

	@Test
	void defaultAddressIsTheNameDotSockInThatDirectory() {
		IpcAddress.Unix address = SocketDirectory.defaultAddress("sample-server");

		assertThat(address.path().getFileName()).hasToString("sample-server.sock");
		assertThat(address.path().getParent()).isEqualTo(SocketDirectory.resolve(System.getenv("XDG_RUNTIME_DIR"),
				Path.of(System.getProperty("java.io.tmpdir")), UnixFiles.currentUid()));
	}

	@Test
	void createsAMissingDirectoryOwnerOnly() throws IOException {
		Path socketDir = this.dir.resolve("socket-ipc-" + UnixFiles.currentUid());

		assertThat(SocketDirectory.ensurePrivate(socketDir)).isEqualTo(socketDir);

		assertThat(mode(socketDir)).isEqualTo("rwx------");
	}

	@Test
	void acceptsAnExistingOwnerOnlyDirectory() throws IOException {
		Path socketDir = Files.createDirectory(this.dir.resolve("own"));
		Files.setPosixFilePermissions(socketDir, PosixFilePermissions.fromString("rwx------"));

		assertThat(SocketDirectory.ensurePrivate(socketDir)).isEqualTo(socketDir);
	}

	@Test
	void refusesADirectoryOpenToOthersNamingIt() throws IOException {
		Path socketDir = Files.createDirectory(this.dir.resolve("open"));
		Files.setPosixFilePermissions(socketDir, PosixFilePermissions.fromString("rwxrwxrwx"));

		assertUnsafe(socketDir, "is open to others (rwxrwxrwx); it must be rwx------");
		assertThat(mode(socketDir)).as("left as it is").isEqualTo("rwxrwxrwx");
	}

	@Test
	void refusesADirectoryOwnedByAnotherUserNamingIt() throws IOException {
		assumeThat(UnixFiles.currentUid()).as("runs as root, to chown to nobody").isZero();
		Path socketDir = Files.createDirectory(this.dir.resolve("planted"));
		Files.setPosixFilePermissions(socketDir, PosixFilePermissions.fromString("rwx------"));
		Files.setOwner(socketDir,
				FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));

		assertUnsafe(socketDir, "is owned by uid " + Files.getAttribute(socketDir, "unix:uid")
				+ ", not by uid 0 that this process runs as");
	}

	@Test
	void refusesASymbolicLinkEvenToAPrivateDirectory() throws IOException {
		Path target = Files.createDirectory(this.dir.resolve("target"));
		Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------"));
		Path link = Files.createSymbolicLink(this.dir.resolve("link"), target);

		assertUnsafe(link, "is a symbolic link, not a directory");
	}

	private static void assertUnsafe(Path directory, String problem) {
		assertThatExceptionOfType(IpcBindException.class).isThrownBy(() -> SocketDirectory.ensurePrivate(directory))
			.withMessage("Refusing the socket directory " + directory + ": it " + problem
					+ "; another user could take or watch the sockets in it")
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(IpcBindException.Reason.UNSAFE_DIRECTORY))
			.satisfies((ex) -> assertThat(ex.target()).isEqualTo(directory.toString()));
	}

	private static String mode(Path path) throws IOException {
		return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
	}

}
