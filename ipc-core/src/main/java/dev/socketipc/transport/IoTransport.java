package dev.socketipc.transport;

import java.util.Locale;

/**
 * The Netty I/O transport that runs a server's or a connection's Unix and TCP sockets:
 * Java's NIO, which needs no native library, or Linux's epoll or io_uring through Netty's
 * native transports, when their jars ({@code io.netty:netty-transport-native-epoll} or
 * {@code netty-transport-native-io_uring}, with the platform's classifier such as
 * {@code linux-x86_64}) are on the class path. {@code local:} addresses always use
 * Netty's local transport.
 *
 * <p>
 * The default comes from the system property {@value #PROPERTY} ({@code auto},
 * {@code nio}, {@code epoll} or {@code io-uring}; {@code auto} when unset), and
 * {@code IpcServerBuilder.transport} or {@code IpcConnectionBuilder.transport} override
 * it.
 */
public enum IoTransport {

	/**
	 * Epoll when Netty's epoll transport is on the class path and loads on this platform,
	 * NIO otherwise. Never io_uring, which has to be named.
	 */
	AUTO("auto"),

	/** Java's NIO: every platform, no native library. */
	NIO("nio"),

	/** Linux epoll, through {@code netty-transport-native-epoll}. */
	EPOLL("epoll"),

	/** Linux io_uring, through {@code netty-transport-native-io_uring}. */
	IO_URING("io-uring");

	/** The system property that sets the default transport. */
	public static final String PROPERTY = "ipc.transport";

	private final String value;

	IoTransport(String value) {
		this.value = value;
	}

	/**
	 * Returns the name {@link #parse} accepts for this transport.
	 * @return {@code auto}, {@code nio}, {@code epoll} or {@code io-uring}
	 */
	public String value() {
		return this.value;
	}

	/**
	 * Parses a transport's name, ignoring case; {@code io_uring} is accepted for
	 * {@code io-uring}.
	 * @param value the name
	 * @return the transport
	 * @throws IllegalArgumentException naming the accepted values when the name is none
	 * of them
	 */
	public static IoTransport parse(String value) {
		String name = (value != null) ? value.trim().toLowerCase(Locale.ROOT).replace('_', '-') : "";
		for (IoTransport transport : values()) {
			if (transport.value.equals(name)) {
				return transport;
			}
		}
		throw new IllegalArgumentException(
				PROPERTY + "=" + value + " is not a transport: use auto, nio, epoll or io-uring");
	}

	/**
	 * Returns the transport the system property {@value #PROPERTY} names, {@link #AUTO}
	 * when it is unset or blank.
	 * @return the default transport, not yet resolved
	 * @throws IllegalArgumentException when the property names no transport
	 */
	public static IoTransport fromSystemProperty() {
		String value = System.getProperty(PROPERTY);
		return (value == null || value.isBlank()) ? AUTO : parse(value);
	}

	/**
	 * Returns the transport to run: {@link #AUTO} resolved to {@link #EPOLL} or
	 * {@link #NIO}, any other transport itself once it is known to work here.
	 * @return {@link #NIO}, {@link #EPOLL} or {@link #IO_URING}
	 * @throws IllegalStateException naming {@value #PROPERTY}, the value and why, when
	 * epoll or io_uring is named but cannot run on this platform or is not on the class
	 * path
	 */
	public IoTransport resolve() {
		return resolve(NativeIo::unavailabilityCause);
	}

	/**
	 * Resolves with another view of which native transports can run, for tests.
	 */
	IoTransport resolve(NativeIo.Availability availability) {
		switch (this) {
			case AUTO:
				return (availability.unavailabilityCause(EPOLL) == null) ? EPOLL : NIO;
			case NIO:
				return NIO;
			default:
				String cause = availability.unavailabilityCause(this);
				if (cause != null) {
					throw new IllegalStateException(PROPERTY + "=" + this.value + ": Netty's " + this.value
							+ " transport cannot run here: " + cause + "; set " + PROPERTY + " to auto or nio");
				}
				return this;
		}
	}

	@Override
	public String toString() {
		return this.value;
	}

}
