package dev.socketipc.test.autoconfigure;

import java.util.concurrent.atomic.AtomicLong;

import com.sun.security.auth.module.UnixSystem;
import dev.socketipc.autoconfigure.IpcServerCustomizer;
import dev.socketipc.server.IpcServerBuilder;
import dev.socketipc.transport.IpcAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;

/**
 * Moves the server to {@code local:ipc-test-<n>}, {@code n} counting the application
 * contexts of this JVM, and sets the peer its connections report. Runs after every other
 * customizer, so that the address it sets is the one bound.
 */
final class InProcessTransport implements IpcServerCustomizer, Ordered {

	private static final Logger logger = LoggerFactory.getLogger(InProcessTransport.class);

	private static final AtomicLong contexts = new AtomicLong();

	private final IpcAddress.Local address = new IpcAddress.Local("ipc-test-" + contexts.incrementAndGet());

	private final long peerUid;

	private final long peerGid;

	InProcessTransport(long peerUid, long peerGid) {
		this.peerUid = peerUid;
		this.peerGid = peerGid;
	}

	@Override
	public void customize(IpcServerBuilder builder) {
		builder.address(this.address).tls(null);
		if (this.peerUid >= 0 || this.peerGid >= 0) {
			UnixSystem self = new UnixSystem();
			builder.localPeer((this.peerUid >= 0) ? this.peerUid : self.getUid(),
					(this.peerGid >= 0) ? this.peerGid : self.getGid());
		}
		logger.debug("IPC server in-process on {} (ipc.test.in-process.enabled)", this.address);
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
