package dev.socketipc.transport;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.Optional;

import com.sun.security.auth.module.UnixSystem;
import jdk.net.UnixDomainPrincipal;

/**
 * The credentials a {@code local:} connection reports in place of {@code SO_PEERCRED}:
 * both ends run in this JVM, so by default they are this process's own uid and gid, the
 * values a Unix socket peer started by the same user would show.
 */
public final class LocalCredentials {

	private LocalCredentials() {
	}

	/**
	 * Returns the uid and gid this JVM runs as.
	 * @return the credentials, or empty on a platform without Unix user ids
	 */
	public static Optional<UnixDomainPrincipal> ofThisProcess() {
		if (!UnixFiles.supported()) {
			return Optional.empty();
		}
		return Optional.of(ThisProcess.VALUE);
	}

	/**
	 * Returns principals for a uid and gid, named as the account database names them (the
	 * number itself when it has no entry), equal to those {@code SO_PEERCRED} reports for
	 * the same ids.
	 * @param uid the user id
	 * @param gid the group id
	 * @return the credentials
	 * @throws IllegalArgumentException naming the id that cannot be looked up
	 */
	public static UnixDomainPrincipal of(long uid, long gid) {
		if (uid < 0 || gid < 0) {
			throw new IllegalArgumentException(
					"local-peer uid and gid must not be negative, got uid " + uid + " and gid " + gid);
		}
		UserPrincipalLookupService lookup = FileSystems.getDefault().getUserPrincipalLookupService();
		String user = name(uid, "/etc/passwd");
		String group = name(gid, "/etc/group");
		try {
			UserPrincipal userPrincipal = lookup.lookupPrincipalByName(user);
			GroupPrincipal groupPrincipal = lookup.lookupPrincipalByGroupName(group);
			return new UnixDomainPrincipal(userPrincipal, groupPrincipal);
		}
		catch (IOException | UnsupportedOperationException ex) {
			throw new IllegalArgumentException(
					"Cannot look up local-peer uid " + uid + " / gid " + gid + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Maps an id to its name in an account database ({@code name:x:id:...}), or to the
	 * number itself, which the JDK's lookup also accepts.
	 */
	private static String name(long id, String database) {
		String number = Long.toString(id);
		try (var lines = Files.lines(Path.of(database))) {
			return lines.map((line) -> line.split(":", 4))
				.filter((fields) -> fields.length >= 3 && fields[2].equals(number))
				.map((fields) -> fields[0])
				.findFirst()
				.orElse(number);
		}
		catch (IOException | RuntimeException ex) {
			return number;
		}
	}

	/**
	 * Read on first use only: the class that tells it exists on Unix-like systems only.
	 */
	private static final class ThisProcess {

		static final UnixDomainPrincipal VALUE;

		static {
			UnixSystem system = new UnixSystem();
			VALUE = of(system.getUid(), system.getGid());
		}

	}

}
