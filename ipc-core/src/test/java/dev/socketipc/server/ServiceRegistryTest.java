package dev.socketipc.server;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.socketipc.annotation.IpcMethod;
import dev.socketipc.protocol.WireCodec;
import dev.socketipc.protocol.WireMessage;
import dev.socketipc.protocol.ErrorCode;
import jakarta.annotation.PostConstruct;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Which methods a service exposes, under which names, and how JSON arguments bind to
 * their parameters.
 */
class ServiceRegistryTest {

	private static final String RENAME_HINT = "; rename one with @IpcMethod(\"...\") or hide it with "
			+ "@IpcMethod(exposed = false)";

	private final JsonMapper mapper = JsonMapper.builder().build();

	@Test
	void exposesPublicInstanceMethodsOnly() {
		assertThat(names("", new Mixed())).containsExactly("add", "greet");
	}

	@Test
	void hidesObjectMethodsEvenWhenOverridden() {
		assertThat(names("", new OverridesObject())).containsExactly("value");
	}

	@Test
	void hidesBridgeMethods() {
		assertThat(Arrays.stream(UpperCaser.class.getMethods()).filter((m) -> m.getName().equals("handle")))
			.as("the compiler made a bridge method")
			.anyMatch(Method::isBridge);
		assertThat(names("", new UpperCaser())).containsExactly("handle");
	}

	@Test
	void hidesJdkInterfaceMethodsAndLifecycleCallbacks() {
		assertThat(names("", new Worker())).containsExactly("status");
	}

	@Test
	void ipcMethodAnnotationHidesRenamesAndExposes() {
		assertThat(names("", new Annotated())).containsExactlyInAnyOrder("add", "close", "sum");
	}

	@Test
	void prefixQualifiesEveryName() {
		assertThat(names("calc", new Annotated())).containsExactlyInAnyOrder("calc.add", "calc.close", "calc.sum");
	}

	@Test
	void overloadsWithTheSameNameFail() {
		assertThatIllegalStateException().isThrownBy(() -> registry(ServiceDefinition.of("", new Overloaded())))
			.withMessage("IPC method name 'add' is exposed twice, by Overloaded.add(String) and "
					+ "Overloaded.add(int, int)" + RENAME_HINT);
	}

	@Test
	void sameNameAcrossTwoServicesFails() {
		assertThatIllegalStateException()
			.isThrownBy(() -> registry(ServiceDefinition.of("", new Mixed()), ServiceDefinition.of("", new Varargs())))
			.withMessage("IPC method name 'add' is exposed twice, by Mixed.add(int, int) and Varargs.add(int...)"
					+ RENAME_HINT);
	}

	@Test
	void renamedMethodCollidingWithAnotherFails() {
		ServiceDefinition annotated = ServiceDefinition.of("", new Annotated());
		assertThatIllegalStateException().isThrownBy(() -> registry(annotated, ServiceDefinition.of("", new Mixed())))
			.withMessage("IPC method name 'add' is exposed twice, by Annotated.plus(int, int) and Mixed.add(int, int)"
					+ RENAME_HINT);
	}

	@Test
	void sameNameUnderDifferentPrefixesIsFine() {
		ServiceRegistry registry = registry(ServiceDefinition.of("a", new Mixed()),
				ServiceDefinition.of("b", new Varargs()));
		assertThat(registry.names()).containsExactly("a.add", "a.greet", "b.add", "b.join");
	}

	@Test
	void varargsCollectEveryTrailingArgument() throws Throwable {
		ServiceMethod add = method(new Varargs(), "add");
		Object[] bound = bind(add, "[1,2,3,4,5]");
		assertThat(bound).hasSize(1);
		assertThat(bound[0]).isEqualTo(new int[] { 1, 2, 3, 4, 5 });
		assertThat(add.invoke(bound)).isEqualTo(15);
	}

	@Test
	void varargsAcceptNoArgument() throws Throwable {
		ServiceMethod add = method(new Varargs(), "add");
		Object[] empty = bind(add, "[]");
		assertThat(empty[0]).isEqualTo(new int[0]);
		assertThat(add.invoke(empty)).isEqualTo(0);
		assertThat(add.invoke(add.bindArguments(null))).isEqualTo(0);
	}

	@Test
	void varargsAfterFixedParameters() throws Throwable {
		ServiceMethod join = method(new Varargs(), "join");
		assertThat(join.invoke(bind(join, "[\"-\",\"a\",\"b\",\"c\"]"))).isEqualTo("a-b-c");
		assertThat(join.invoke(bind(join, "[\"-\"]"))).isEqualTo("");
		assertThatExceptionOfType(CallException.class).isThrownBy(() -> bind(join, "[]"))
			.withMessage("method 'join' expects at least 1 argument (separator) but got 0")
			.extracting(CallException::code)
			.isEqualTo(ErrorCode.INVALID_ARGUMENTS);
	}

	@Test
	void badVarargsElementNamesItsPosition() {
		ServiceMethod add = method(new Varargs(), "add");
		assertThatExceptionOfType(CallException.class).isThrownBy(() -> bind(add, "[1,2,\"x\"]"))
			.withMessageStartingWith(
					"argument 3 (varargs element 3) 'numbers' of method 'add': " + "cannot convert \"x\" to int");
	}

	@Test
	void genericListOfRecordsBindsAndRoundTrips() throws Throwable {
		String json = "[{\"x\":1,\"y\":2},{\"x\":-3,\"y\":4}]";
		ServiceMethod method = method(new Generic(), "points");
		Object[] bound = bind(method, "[" + json + "]");
		assertThat(bound[0]).asInstanceOf(InstanceOfAssertFactories.LIST)
			.containsExactly(new Point(1, 2), new Point(-3, 4));
		assertThat(this.mapper.writeValueAsString(method.invoke(bound))).isEqualTo(json);
	}

	@Test
	void genericMapOfRecordsBindsAndRoundTrips() throws Throwable {
		String json = "{\"a\":{\"x\":1,\"y\":2},\"b\":{\"x\":3,\"y\":4}}";
		ServiceMethod method = method(new Generic(), "named");
		Object[] bound = bind(method, "[" + json + "]");
		assertThat(bound[0]).isEqualTo(Map.of("a", new Point(1, 2), "b", new Point(3, 4)));
		assertThat(this.mapper.writeValueAsString(method.invoke(bound))).isEqualTo(json);
	}

	@Test
	void optionalBindsPresentAndEmpty() throws Throwable {
		ServiceMethod method = method(new Generic(), "maybe");
		assertThat(bind(method, "[\"x\"]")).containsExactly(Optional.of("x"));
		assertThat(bind(method, "[null]")).containsExactly(Optional.empty());
		assertThat(method.invoke(new Object[] { Optional.of("x") })).isEqualTo("x!");
	}

	@Test
	void recordBindsAndRoundTrips() throws Throwable {
		ServiceMethod method = method(new Generic(), "mirror");
		Object[] bound = bind(method, "[{\"x\":5,\"y\":6}]");
		assertThat(bound).containsExactly(new Point(5, 6));
		assertThat(this.mapper.writeValueAsString(method.invoke(bound))).isEqualTo("{\"x\":6,\"y\":5}");
	}

	private List<String> names(String prefix, Object service) {
		return registry(ServiceDefinition.of(prefix, service)).names();
	}

	private ServiceMethod method(Object service, String name) {
		return registry(ServiceDefinition.of("", service)).get(name);
	}

	private Object[] bind(ServiceMethod method, String args) throws CallException {
		WireCodec codec = WireCodec.of(this.mapper);
		byte[] line = ("{\"method\":\"m\",\"args\":" + args + "}").getBytes(StandardCharsets.UTF_8);
		WireMessage.Request request = (WireMessage.Request) codec.decode(line, 0, line.length);
		return method.bindArguments(request.args());
	}

	private ServiceRegistry registry(ServiceDefinition... services) {
		return ServiceRegistry.of(List.of(services), WireCodec.of(this.mapper));
	}

	record Point(int x, int y) {
	}

	static class Mixed {

		public int add(int a, int b) {
			return a + b;
		}

		public String greet(String name) {
			return "hi " + name;
		}

		public static int twice(int n) {
			return 2 * n;
		}

	}

	static class OverridesObject {

		public int value() {
			return 1;
		}

		@Override
		public String toString() {
			return "custom";
		}

		@Override
		public boolean equals(Object other) {
			return other == this;
		}

		@Override
		public int hashCode() {
			return 7;
		}

	}

	interface Handler<T> {

		T handle(T input);

	}

	static class UpperCaser implements Handler<String> {

		@Override
		public String handle(String input) {
			return input.toUpperCase();
		}

	}

	static class Worker implements Runnable, AutoCloseable {

		@Override
		public void run() {
		}

		@Override
		public void close() {
		}

		@PostConstruct
		public void init() {
		}

		public String status() {
			return "ok";
		}

	}

	static class Annotated implements AutoCloseable {

		@IpcMethod("sum")
		public int add(int... numbers) {
			return Arrays.stream(numbers).sum();
		}

		@IpcMethod("add")
		public int plus(int a, int b) {
			return a + b;
		}

		@IpcMethod(exposed = false)
		public void reset() {
		}

		@IpcMethod
		@Override
		public void close() {
		}

	}

	static class Overloaded {

		public int add(int a, int b) {
			return a + b;
		}

		public String add(String text) {
			return text;
		}

	}

	static class Varargs {

		public int add(int... numbers) {
			return Arrays.stream(numbers).sum();
		}

		public String join(String separator, String... parts) {
			return String.join(separator, parts);
		}

	}

	static class Generic {

		public List<Point> points(List<Point> points) {
			return points;
		}

		public Map<String, Point> named(Map<String, Point> named) {
			return named;
		}

		public String maybe(Optional<String> text) {
			return text.map((t) -> t + "!").orElse("none");
		}

		public Point mirror(Point point) {
			return new Point(point.y(), point.x());
		}

	}

}
