package dev.socketipc.test.autoconfigure;

import java.util.concurrent.atomic.AtomicLong;

import com.sun.security.auth.module.UnixSystem;
import dev.socketipc.autoconfigure.IpcServerAddressResolver;
import dev.socketipc.autoconfigure.IpcServerCustomizer;
import dev.socketipc.server.IpcServerBuilder;
import dev.socketipc.transport.IpcAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;

/**
 * Moves the server to {@code local:ipc-test-<n>}, {@code n} counting the application
 * contexts of this JVM (the application's own clients follow it), leaves TLS off, and
 * sets the peer its connections report. Customizes after every other customizer.
 */
final class InProcessTransport implements IpcServerAddressResolver, IpcServerCustomizer, Ordered {

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
	public IpcAddress resolve(IpcAddress configured) {
		logger.debug("IPC server in-process on {} in place of {} (ipc.test.in-process.enabled)", this.address,
				configured);
		return this.address;
	}

	@Override
	public void customize(IpcServerBuilder builder) {
		builder.tls(null);
		if (this.peerUid >= 0 || this.peerGid >= 0) {
			UnixSystem self = new UnixSystem();
			builder.localPeer((this.peerUid >= 0) ? this.peerUid : self.getUid(),
					(this.peerGid >= 0) ? this.peerGid : self.getGid());
		}
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
