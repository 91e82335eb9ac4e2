package dev.socketipc.server;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import dev.socketipc.transport.LogLimiter;
import dev.socketipc.transport.Transports;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the peer's credentials ({@code SO_PEERCRED}) when a Unix socket connection opens
 * (or takes the fixed ones of a {@code local:} server, see
 * {@link IpcServerBuilder#localPeer(long, long)}), records them as the connection's
 * {@link IpcPeer}, and closes the connection before any request runs when the peer's uid
 * and gid are outside the configured allow-lists.
 */
@ChannelHandler.Sharable
final class PeerCredentialsCheck extends ChannelInboundHandlerAdapter {

	private static final Logger logger = LoggerFactory.getLogger(PeerCredentialsCheck.class);

	private final List<UserPrincipal> allowedUsers;

	private final List<GroupPrincipal> allowedGroups;

	private final List<Long> allowedUids;

	private final List<Long> allowedGids;

	private final LogLimiter refusals = new LogLimiter(ServerRuntime.LOG_INTERVAL);

	private final IpcServerStatistics statistics;

	private final Function<Channel, Optional<UnixDomainPrincipal>> credentialsOf;

	/** How the refusal log names the transport: "Unix socket" or "local:". */
	private final String kind;

	private PeerCredentialsCheck(List<Long> allowedUids, List<Long> allowedGids, IpcServerStatistics statistics,
			Function<Channel, Optional<UnixDomainPrincipal>> credentialsOf, String kind) throws IOException {
		this.statistics = statistics;
		this.kind = kind;
		this.credentialsOf = credentialsOf;
		UserPrincipalLookupService lookup = FileSystems.getDefault().getUserPrincipalLookupService();
		this.allowedUids = allowedUids;
		this.allowedGids = allowedGids;
		this.allowedUsers = allowedUids.stream().map((uid) -> lookupUser(lookup, uid)).toList();
		this.allowedGroups = allowedGids.stream().map((gid) -> lookupGroup(lookup, gid)).toList();
	}

	/**
	 * Creates the check.
	 * @param statistics where refused peers are counted
	 * @throws IllegalStateException when an allow-list is set but the platform cannot
	 * tell a peer's credentials
	 */
	static PeerCredentialsCheck create(Collection<Long> allowedUids, Collection<Long> allowedGids,
			IpcServerStatistics statistics) {
		boolean restricted = !allowedUids.isEmpty() || !allowedGids.isEmpty();
		if (restricted && !isSupported()) {
			throw new IllegalStateException("allowed-uids/allowed-gids are set, but this platform cannot tell the "
					+ "credentials of a Unix socket peer (SO_PEERCRED); refusing to start rather than let everyone in");
		}
		return create(allowedUids, allowedGids, statistics, PeerCredentialsCheck::readCredentials, "Unix socket");
	}

	/**
	 * Creates the check of a {@code local:} server, whose every peer reports the same
	 * credentials.
	 * @param credentials what each peer reports, empty where the platform has no Unix ids
	 * @param statistics where refused peers are counted
	 * @throws IllegalStateException when an allow-list is set but no credentials are
	 * known
	 */
	static PeerCredentialsCheck local(Optional<UnixDomainPrincipal> credentials, Collection<Long> allowedUids,
			Collection<Long> allowedGids, IpcServerStatistics statistics) {
		boolean restricted = !allowedUids.isEmpty() || !allowedGids.isEmpty();
		if (restricted && credentials.isEmpty()) {
			throw new IllegalStateException("allowed-uids/allowed-gids are set, but this platform has no Unix user "
					+ "ids for a local: peer to report; refusing to start rather than let everyone in");
		}
		return create(allowedUids, allowedGids, statistics, (channel) -> credentials, "local:");
	}

	private static PeerCredentialsCheck create(Collection<Long> allowedUids, Collection<Long> allowedGids,
			IpcServerStatistics statistics, Function<Channel, Optional<UnixDomainPrincipal>> credentialsOf,
			String kind) {
		try {
			return new PeerCredentialsCheck(List.copyOf(allowedUids), List.copyOf(allowedGids), statistics,
					credentialsOf, kind);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot look up the allowed uids/gids: " + ex.getMessage(), ex);
		}
	}

	static boolean isSupported() {
		try (var channel = java.nio.channels.SocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
			return channel.supportedOptions().contains(ExtendedSocketOptions.SO_PEERCRED);
		}
		catch (IOException | UnsupportedOperationException ex) {
			return false;
		}
	}

	private static UserPrincipal lookupUser(UserPrincipalLookupService lookup, long uid) {
		try {
			return lookup.lookupPrincipalByName(Long.toString(uid));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot look up uid " + uid + ": " + ex.getMessage(), ex);
		}
	}

	private static GroupPrincipal lookupGroup(UserPrincipalLookupService lookup, long gid) {
		try {
			return lookup.lookupPrincipalByGroupName(Long.toString(gid));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot look up gid " + gid + ": " + ex.getMessage(), ex);
		}
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) {
		Channel channel = ctx.channel();
		Optional<UnixDomainPrincipal> credentials = this.credentialsOf.apply(channel);
		channel.attr(IpcPeer.ATTRIBUTE).set(new IpcPeer(Transports.describePeer(channel), credentials));
		if (isAllowed(credentials)) {
			ctx.fireChannelActive();
			return;
		}
		this.statistics.connectionRefused();
		long suppressed = this.refusals.tryAcquire();
		if (suppressed >= 0) {
			logRefusal(channel, credentials, suppressed);
		}
		ctx.close();
	}

	private void logRefusal(Channel channel, Optional<UnixDomainPrincipal> credentials, long suppressed) {
		logger.warn(
				"Refusing {} peer {} ({}, {}): not in allowed-uids {} / allowed-gids {} ({} similar "
						+ "messages suppressed)",
				this.kind, Transports.describePeer(channel),
				credentials
					.map((c) -> "uid " + numericId(c.user().getName(), "/etc/passwd") + " (" + c.user().getName() + ")")
					.orElse("uid unknown"),
				credentials.map(
						(c) -> "gid " + numericId(c.group().getName(), "/etc/group") + " (" + c.group().getName() + ")")
					.orElse("gid unknown"),
				this.allowedUids, this.allowedGids, suppressed);
	}

	/**
	 * The JDK names a peer by its user or group name; the log also wants the number,
	 * which a name that has one maps back to through the account database (a name the
	 * database lacks already is the number).
	 */
	static String numericId(String name, String database) {
		if (name.chars().allMatch(Character::isDigit)) {
			return name;
		}
		try (var lines = java.nio.file.Files.lines(java.nio.file.Path.of(database))) {
			return lines.map((line) -> line.split(":", 4))
				.filter((fields) -> fields.length >= 3 && fields[0].equals(name))
				.map((fields) -> fields[2])
				.findFirst()
				.orElse("?");
		}
		catch (IOException | RuntimeException ex) {
			return "?";
		}
	}

	private static Optional<UnixDomainPrincipal> readCredentials(Channel channel) {
		try {
			return Transports.peerCredentials(channel);
		}
		catch (RuntimeException ex) {
			logger.debug("Cannot read the credentials of {}: {}", Transports.describePeer(channel), ex.toString());
			return Optional.empty();
		}
	}

	private boolean isAllowed(Optional<UnixDomainPrincipal> credentials) {
		if (this.allowedUsers.isEmpty() && this.allowedGroups.isEmpty()) {
			return true;
		}
		if (credentials.isEmpty()) {
			return false;
		}
		UnixDomainPrincipal peer = credentials.get();
		// Principal equality compares ids (a looked-up "0" equals the peer's "root"), so
		// no hashing here.
		return this.allowedUsers.stream().anyMatch((user) -> user.equals(peer.user()))
				|| this.allowedGroups.stream().anyMatch((group) -> group.equals(peer.group()));
	}

}
