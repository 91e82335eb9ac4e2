package dev.socketipc.client;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.List;

import dev.socketipc.transport.IpcAddress;
import dev.socketipc.transport.LocalCredentials;
import dev.socketipc.transport.LogLimiter;
import dev.socketipc.transport.Transports;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the server's credentials ({@code SO_PEERCRED}) when a Unix socket connection
 * opens and closes it, before anything is read or sent, unless the server runs as one of
 * the allowed uids: another local user who took the socket path first never sees a
 * request. Over {@code local:} the server is this JVM, whose own uid is checked.
 */
final class ServerCredentialsCheck extends ChannelInboundHandlerAdapter {

	private static final Logger logger = LoggerFactory.getLogger(ServerCredentialsCheck.class);

	private static final LogLimiter REFUSALS = new LogLimiter(Duration.ofSeconds(10));

	private final IpcAddress address;

	private final ClientHandler.Listener listener;

	private final List<Long> allowedUids;

	private final List<UserPrincipal> allowedUsers;

	private ServerCredentialsCheck(IpcAddress address, ClientHandler.Listener listener, List<Long> allowedUids,
			List<UserPrincipal> users) {
		this.address = address;
		this.listener = listener;
		this.allowedUids = allowedUids;
		this.allowedUsers = users;
	}

	/**
	 * Looks the allowed uids up once, so that each connection only compares principals.
	 */
	static List<UserPrincipal> lookUp(List<Long> uids) {
		UserPrincipalLookupService lookup = FileSystems.getDefault().getUserPrincipalLookupService();
		return uids.stream().map((uid) -> {
			try {
				return lookup.lookupPrincipalByName(Long.toString(uid));
			}
			catch (IOException ex) {
				throw new IllegalArgumentException(
						"allowed-server-uids: cannot look up uid " + uid + ": " + ex.getMessage(), ex);
			}
		}).toList();
	}

	static ServerCredentialsCheck create(IpcAddress address, ClientHandler.Listener listener, List<Long> allowedUids,
			List<UserPrincipal> users) {
		return new ServerCredentialsCheck(address, listener, allowedUids, users);
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) {
		UnixDomainPrincipal server;
		if (this.address instanceof IpcAddress.Local) {
			// the server runs in this JVM
			server = LocalCredentials.ofThisProcess().orElse(null);
		}
		else {
			try {
				server = Transports.peerCredentials(ctx.channel()).orElse(null);
			}
			catch (RuntimeException ex) {
				server = null;
			}
		}
		// Principal equality compares ids (a looked-up "0" equals the server's "root").
		UnixDomainPrincipal credentials = server;
		if (credentials != null && this.allowedUsers.stream().anyMatch((user) -> user.equals(credentials.user()))) {
			ctx.pipeline().remove(this);
			ctx.fireChannelActive();
			return;
		}
		String who = (credentials != null) ? "runs as user " + credentials.user().getName()
				: "did not tell its credentials";
		String reason = "the server at " + this.address + " " + who + ", not one of allowed-server-uids "
				+ this.allowedUids;
		long suppressed = REFUSALS.tryAcquire();
		if (suppressed >= 0) {
			logger.warn("Refusing to talk to {} ({} similar messages suppressed)", reason, suppressed);
		}
		this.listener.onConnectionError(new IpcConnectionException(reason, null, false));
		ctx.close();
	}

}
