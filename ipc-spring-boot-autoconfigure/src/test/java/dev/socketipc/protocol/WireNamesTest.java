package dev.socketipc.protocol;

import dev.socketipc.annotation.IpcMethod;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WireNamesTest {

	interface Calc {

		int add(int a, int b);

		@IpcMethod("sum")
		int total(int... numbers);

		@IpcMethod(timeout = "1s")
		int slow();

	}

	@Test
	void joinsPrefixAndNameWithADotOnlyWhenThereIsAPrefix() {
		assertThat(WireNames.of("", "add")).isEqualTo("add");
		assertThat(WireNames.of("calc", "add")).isEqualTo("calc.add");
	}

	@Test
	void readsTheIpcMethodNameOrFallsBackToTheJavaName() throws Exception {
		assertThat(WireNames.of("calc", Calc.class.getMethod("add", int.class, int.class))).isEqualTo("calc.add");
		assertThat(WireNames.of("calc", Calc.class.getMethod("total", int[].class))).isEqualTo("calc.sum");
		assertThat(WireNames.of("", Calc.class.getMethod("total", int[].class))).isEqualTo("sum");
		assertThat(WireNames.name(Calc.class.getMethod("slow"))).isEqualTo("slow");
	}

}
