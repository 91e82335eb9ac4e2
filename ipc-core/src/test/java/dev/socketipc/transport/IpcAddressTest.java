package dev.socketipc.transport;

import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;

import io.netty.channel.local.LocalAddress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class IpcAddressTest {

	@Test
	void parsesUnixPath() {
		IpcAddress address = IpcAddress.parse("unix:/tmp/calc.sock");

		assertThat(address).isEqualTo(new IpcAddress.Unix(Path.of("/tmp/calc.sock")));
		assertThat(address.socketAddress()).isEqualTo(UnixDomainSocketAddress.of("/tmp/calc.sock"));
	}

	@Test
	void parsesUnixUriWithEmptyAuthority() {
		assertThat(IpcAddress.parse("unix:///tmp/calc.sock")).isEqualTo(new IpcAddress.Unix(Path.of("/tmp/calc.sock")));
	}

	@Test
	void parsesTcpHostAndPort() {
		IpcAddress address = IpcAddress.parse("tcp://localhost:7070");

		assertThat(address).isEqualTo(new IpcAddress.Tcp("localhost", 7070));
		InetSocketAddress socket = (InetSocketAddress) address.socketAddress();
		assertThat(socket.getHostString()).isEqualTo("localhost");
		assertThat(socket.getPort()).isEqualTo(7070);
	}

	@Test
	void parsesBracketedIpv6HostWithoutTheBrackets() {
		IpcAddress address = IpcAddress.parse("tcp://[::1]:7070");

		assertThat(address).isEqualTo(new IpcAddress.Tcp("::1", 7070));
		assertThat(((IpcAddress.Tcp) address).isLoopback()).isTrue();
	}

	@Test
	void emptyTcpHostMeansLoopback() {
		IpcAddress address = IpcAddress.parse("tcp://:7070");

		assertThat(address).isEqualTo(new IpcAddress.Tcp("127.0.0.1", 7070));
		assertThat(((IpcAddress.Tcp) address).isLoopback()).isTrue();
	}

	@Test
	void acceptsPortZeroAndTheHighestPort() {
		assertThat(IpcAddress.parse("tcp://127.0.0.1:0")).isEqualTo(new IpcAddress.Tcp("127.0.0.1", 0));
		assertThat(IpcAddress.parse("tcp://127.0.0.1:65535")).isEqualTo(new IpcAddress.Tcp("127.0.0.1", 65535));
	}

	@Test
	void tellsLoopbackFromOtherHosts() {
		assertThat(new IpcAddress.Tcp("localhost", 1).isLoopback()).isTrue();
		assertThat(new IpcAddress.Tcp("127.0.0.2", 1).isLoopback()).isTrue();
		assertThat(new IpcAddress.Tcp("0.0.0.0", 1).isLoopback()).isFalse();
		assertThat(new IpcAddress.Tcp("192.0.2.1", 1).isLoopback()).isFalse();
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "unix:/tmp/calc.sock", "unix:relative/calc.sock", "tcp://127.0.0.1:7070", "tcp://localhost:0",
					"tcp://[::1]:7070", "tcp://[2001:db8::1]:65535", "local:calc", "local:app-1.test_ctx/server:2" })
	void toStringParsesBackToTheSameAddress(String text) {
		IpcAddress address = IpcAddress.parse(text);

		assertThat(address).hasToString(text);
		assertThat(IpcAddress.parse(address.toString())).isEqualTo(address);
	}

	@Test
	void toStringOfNormalizedFormsIsCanonical() {
		assertThat(IpcAddress.parse("unix:///tmp/calc.sock")).hasToString("unix:/tmp/calc.sock");
		assertThat(IpcAddress.parse("tcp://:7070")).hasToString("tcp://127.0.0.1:7070");
		assertThat(new IpcAddress.Tcp("::1", 7070)).hasToString("tcp://[::1]:7070");
	}

	@Test
	void rejectsEmptyAddress() {
		String expected = "address must not be empty; use unix:/path/to.sock, tcp://host:port or local:name";
		assertThatIllegalArgumentException().isThrownBy(() -> IpcAddress.parse("")).withMessage(expected);
		assertThatIllegalArgumentException().isThrownBy(() -> IpcAddress.parse("  ")).withMessage(expected);
		assertThatIllegalArgumentException().isThrownBy(() -> IpcAddress.parse(null)).withMessage(expected);
	}

	@Test
	void rejectsUnknownScheme() {
		assertThatIllegalArgumentException().isThrownBy(() -> IpcAddress.parse("foo"))
			.withMessage("'foo' is not an IPC address; use unix:/path/to.sock, tcp://host:port or local:name");
	}

	@Test
	void rejectsUnixWithoutPath() {
		assertThatIllegalArgumentException().isThrownBy(() -> IpcAddress.parse("unix:"))
			.withMessage("'unix:' has no socket path; use unix:/path/to.sock");
	}

	@Test
	void rejectsTcpWithoutPort() {
		assertThatIllegalArgumentException().isThrownBy(() -> IpcAddress.parse("tcp://host"))
			.withMessage("'tcp://host' has no port; use tcp://host:port (IPv6 hosts in brackets)");
	}

	@Test
	void rejectsTcpPortOutOfRange() {
		assertThatIllegalArgumentException().isThrownBy(() -> IpcAddress.parse("tcp://host:99999"))
			.withMessage("'tcp://host:99999' has an invalid port '99999' (0-65535)");
	}

	@Test
	void rejectsTcpPortThatIsNotANumber() {
		assertThatIllegalArgumentException().isThrownBy(() -> IpcAddress.parse("tcp://host:http"))
			.withMessage("'tcp://host:http' has an invalid port 'http' (0-65535)");
		assertThatIllegalArgumentException().isThrownBy(() -> IpcAddress.parse("tcp://host:"))
			.withMessage("'tcp://host:' has an invalid port '' (0-65535)");
	}

	@Test
	void rejectsIpv6HostWithoutBrackets() {
		assertThatIllegalArgumentException().isThrownBy(() -> IpcAddress.parse("tcp://::1:7070"))
			.withMessage("'tcp://::1:7070' has no port; use tcp://host:port (IPv6 hosts in brackets)");
	}

	@Test
	void rejectsBracketedHostWithoutColonBeforePort() {
		assertThatIllegalArgumentException().isThrownBy(() -> IpcAddress.parse("tcp://[::1]7070"))
			.withMessage("'tcp://[::1]7070' is not a valid address; use tcp://[::1]:7070");
	}

	@Test
	void rejectsUnclosedBracket() {
		assertThatIllegalArgumentException().isThrownBy(() -> IpcAddress.parse("tcp://[::1:7070"))
			.withMessage("'tcp://[::1:7070' is not a valid address; use tcp://[::1]:7070");
	}

	@Test
	void parsesLocalName() {
		IpcAddress address = IpcAddress.parse("local:calc");

		assertThat(address).isEqualTo(new IpcAddress.Local("calc"));
		assertThat(address).hasToString("local:calc");
		assertThat(address.socketAddress()).isEqualTo(new LocalAddress("calc"));
	}

	@Test
	void localNamesAreCaseInsensitiveAsNettysAre() {
		IpcAddress address = IpcAddress.parse("local:Calc");

		assertThat(address).isEqualTo(new IpcAddress.Local("calc")).hasToString("local:calc");
		assertThat(address.socketAddress()).isEqualTo(new LocalAddress("CALC"));
	}

	@Test
	void acceptsLocalNameOfTheLongestLength() {
		String name = "a".repeat(IpcAddress.Local.MAX_NAME_LENGTH);

		assertThat(IpcAddress.parse("local:" + name)).isEqualTo(new IpcAddress.Local(name));
	}

	@ParameterizedTest
	@ValueSource(strings = { "local:", "local:a b", "local:calc?x", "local:caf\u00e9", "local: calc" })
	void rejectsLocalNameOutsideTheRule(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> IpcAddress.parse(text))
			.withMessage("'" + text + "' is not a valid local address: the name must be 1 to 200 characters of "
					+ "A-Z a-z 0-9 . _ : / -");
	}

	@Test
	void rejectsLocalNameTooLong() {
		String text = "local:" + "a".repeat(IpcAddress.Local.MAX_NAME_LENGTH + 1);

		assertThatIllegalArgumentException().isThrownBy(() -> IpcAddress.parse(text))
			.withMessageStartingWith("'" + text + "' is not a valid local address");
	}

}
