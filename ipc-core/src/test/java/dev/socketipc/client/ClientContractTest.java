package dev.socketipc.client;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import dev.socketipc.annotation.IpcMethod;
import dev.socketipc.annotation.IpcTopic;
import dev.socketipc.transport.IpcAddress;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@link ClientContract} names the methods an interface calls as its proxy calls them
 * ({@code @IpcMethod} names and the prefix applied; default, static and {@code Object}
 * methods left out), finds those a {@code register} does not list, and words the warning
 * naming server, interface and methods.
 */
class ClientContractTest {

	private static final IpcAddress ADDRESS = IpcAddress.parse("unix:/run/calc.sock");

	interface Calculator {

		int add(int... numbers);

		@IpcMethod("multiply")
		CompletableFuture<Long> times(int a, int b);

		void reset();

		@IpcTopic("results")
		java.util.concurrent.Flow.Publisher<Long> results();

		default int twice(int a) {
			return add(a, a);
		}

		static Calculator none() {
			return null;
		}

	}

	@Test
	void wireNamesAreTheProxysWithPrefixAndIpcMethodNamesWithoutTopics() {
		assertThat(ClientContract.of(Calculator.class, "").wireNames()).containsExactly("add", "multiply", "reset");
		assertThat(ClientContract.of(Calculator.class, "calc").wireNames()).containsExactly("calc.add", "calc.multiply",
				"calc.reset");
	}

	@Test
	void missingAreTheWireNamesTheRegisterDoesNotList() {
		ClientContract contract = ClientContract.of(Calculator.class, "calc");

		assertThat(contract.missing(List.of("calc.add", "calc.reset", "other"))).containsExactly("calc.multiply");
		assertThat(contract.missing(Set.of("calc.add", "calc.multiply", "calc.reset"))).isEmpty();
		assertThat(contract.missing(List.of("add", "multiply", "reset"))).as("names without the prefix")
			.containsExactly("calc.add", "calc.multiply", "calc.reset");
	}

	@Test
	void warningNamesServerInterfaceAndEachMethod() {
		ClientContract contract = ClientContract.of(Calculator.class, "");

		assertThat(contract.describeMissing("calculator", ADDRESS, List.of("multiply")))
			.isEqualTo("The IPC server 'calculator' at unix:/run/calc.sock does not offer 1 method of @IpcClient "
					+ Calculator.class.getName() + ": 'multiply' (Calculator.times); calls to it fail with "
					+ "METHOD_NOT_FOUND");
		assertThat(contract.describeMissing("", ADDRESS, List.of("add", "reset")))
			.isEqualTo("The IPC server at unix:/run/calc.sock does not offer 2 methods of @IpcClient "
					+ Calculator.class.getName() + ": 'add' (Calculator.add), 'reset' (Calculator.reset); calls to "
					+ "them fail with METHOD_NOT_FOUND");
		assertThat(contract.describeOffered("calculator", ADDRESS, List.of("multiply")))
			.isEqualTo("The IPC server 'calculator' at unix:/run/calc.sock now offers 'multiply' (Calculator.times) "
					+ "of @IpcClient " + Calculator.class.getName() + ", which it did not offer before");
	}

}
