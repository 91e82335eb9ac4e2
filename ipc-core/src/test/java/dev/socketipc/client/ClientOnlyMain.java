package dev.socketipc.client;

import dev.socketipc.transport.IpcAddress;

/**
 * A client-only program for {@link ClientThreadsTest}, run in a child JVM: it calls
 * {@code add(1, 2)} on the server at the address in its first argument, prints the sum,
 * and returns from {@code main} without closing anything.
 */
public final class ClientOnlyMain {

	interface Calc {

		int add(int a, int b);

	}

	private ClientOnlyMain() {
	}

	public static void main(String[] args) {
		IpcConnection connection = IpcConnection.builder(IpcAddress.parse(args[0])).build();
		Calc calc = IpcClientFactory.create(Calc.class, connection, ClientOptions.defaults());
		System.out.println("sum=" + calc.add(1, 2));
	}

}
