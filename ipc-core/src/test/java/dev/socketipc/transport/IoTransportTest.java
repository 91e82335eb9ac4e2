package dev.socketipc.transport;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Parsing {@code ipc.transport} and resolving it against which native transports can run,
 * faked here: the real ones are on this module's test class path.
 */
class IoTransportTest {

	private static final NativeIo.Availability NONE = (transport) -> "no " + transport + " on this test's platform";

	private static final NativeIo.Availability ALL = (transport) -> null;

	@Test
	void parsesTheNamesIgnoringCaseAndAcceptsIoUringWithAnUnderscore() {
		assertThat(IoTransport.parse("auto")).isEqualTo(IoTransport.AUTO);
		assertThat(IoTransport.parse("NIO")).isEqualTo(IoTransport.NIO);
		assertThat(IoTransport.parse("Epoll")).isEqualTo(IoTransport.EPOLL);
		assertThat(IoTransport.parse("io-uring")).isEqualTo(IoTransport.IO_URING);
		assertThat(IoTransport.parse("IO_URING")).isEqualTo(IoTransport.IO_URING);
	}

	@Test
	void anUnknownNameIsRefusedNamingThePropertyAndTheAcceptedValues() {
		assertThatIllegalArgumentException().isThrownBy(() -> IoTransport.parse("kqueue"))
			.withMessage("ipc.transport=kqueue is not a transport: use auto, nio, epoll or io-uring");
	}

	@Test
	void autoPicksEpollWhenItCanRunAndNioOtherwiseButNeverIoUring() {
		assertThat(IoTransport.AUTO.resolve(ALL)).isEqualTo(IoTransport.EPOLL);
		assertThat(IoTransport.AUTO.resolve(NONE)).isEqualTo(IoTransport.NIO);
		assertThat(IoTransport.AUTO.resolve((transport) -> (transport == IoTransport.IO_URING) ? null : "no epoll"))
			.isEqualTo(IoTransport.NIO);
	}

	@Test
	void aNamedNativeTransportThatCannotRunFailsNamingThePropertyTheValueAndWhy() {
		assertThatIllegalStateException().isThrownBy(() -> IoTransport.EPOLL.resolve(NONE))
			.withMessage("ipc.transport=epoll: Netty's epoll transport cannot run here: no epoll on this test's "
					+ "platform; set ipc.transport to auto or nio");
		assertThatIllegalStateException().isThrownBy(() -> IoTransport.IO_URING.resolve(NONE))
			.withMessageStartingWith("ipc.transport=io-uring: Netty's io-uring transport cannot run here");
		assertThat(IoTransport.IO_URING.resolve(ALL)).isEqualTo(IoTransport.IO_URING);
		assertThat(IoTransport.NIO.resolve(NONE)).isEqualTo(IoTransport.NIO);
	}

}
