package dev.socketipc.transport;

import jdk.net.UnixDomainPrincipal;

/**
 * Turns the uid and gid a native Unix socket reports for its peer into the principals
 * {@code SO_PEERCRED} gives on NIO. Looking them up reads the account database, so the
 * last pair is kept: a server's peers are mostly one user.
 */
final class PeerPrincipals {

	private static volatile Entry last;

	private PeerPrincipals() {
	}

	static UnixDomainPrincipal of(long uid, long gid) {
		Entry entry = last;
		if (entry == null || entry.uid != uid || entry.gid != gid) {
			entry = new Entry(uid, gid, LocalCredentials.of(uid, gid));
			last = entry;
		}
		return entry.principal;
	}

	private record Entry(long uid, long gid, UnixDomainPrincipal principal) {
	}

}
