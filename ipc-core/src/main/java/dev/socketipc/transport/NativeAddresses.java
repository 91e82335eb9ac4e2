package dev.socketipc.transport;

import java.net.SocketAddress;
import java.nio.file.Path;

import io.netty.channel.unix.DomainSocketAddress;

/**
 * Netty's own Unix socket address, which its native channels bind and connect to in place
 * of {@link java.net.UnixDomainSocketAddress}; loaded only once Netty's Unix classes are
 * known to be on the class path (see {@link NativeIo}).
 */
final class NativeAddresses {

	private NativeAddresses() {
	}

	static SocketAddress of(Path path) {
		return new DomainSocketAddress(path.toString());
	}

	static String path(SocketAddress address) {
		return (address instanceof DomainSocketAddress domain) ? domain.path() : null;
	}

}
