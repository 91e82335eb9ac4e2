package dev.socketipc.server;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.socketipc.autoconfigure.IpcClientAutoConfiguration;
import dev.socketipc.protocol.WireCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.DefaultTyping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import tools.jackson.databind.jsontype.PolymorphicTypeValidator;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 5, check 8: no polymorphic deserialization on the wire. The wire mapper never has
 * default typing (checked on its configuration, so that enabling it anywhere fails the
 * build), and payloads carrying {@code @class}, type-id arrays or gadget class names
 * reach an {@code Object} parameter as plain maps, lists and strings, and a POJO
 * parameter as the POJO, never as an instance of the named class.
 */
class HostileTypingTest {

	/**
	 * The only classes Jackson's untyped deserialization may produce for an
	 * {@code Object} parameter.
	 */
	private static final Set<Class<?>> PLAIN = Set.of(String.class, Integer.class, Long.class, BigInteger.class,
			Double.class, BigDecimal.class, Boolean.class, LinkedHashMap.class, ArrayList.class);

	private static final List<String> GADGETS = List.of("java.lang.ProcessBuilder", "java.lang.Runtime", "java.net.URL",
			"java.util.HashMap", "javax.management.BadAttributeValueExpException",
			"org.springframework.context.support.ClassPathXmlApplicationContext",
			"org.springframework.context.support.FileSystemXmlApplicationContext", "com.sun.rowset.JdbcRowSetImpl",
			"ch.qos.logback.core.db.DriverManagerConnectionSource",
			"org.apache.commons.collections.functors.InvokerTransformer", "java.lang.Thread");

	/**
	 * The most dangerous validator an application could configure: every subtype allowed.
	 */
	private static final PolymorphicTypeValidator ALLOW_EVERYTHING = BasicPolymorphicTypeValidator.builder()
		.allowIfBaseType(Object.class)
		.allowIfSubType(Object.class)
		.build();

	private final TypingService service = new TypingService();

	private HostilePipeline pipeline;

	@BeforeEach
	void openPipeline() {
		this.pipeline = HostilePipeline.open(1024 * 1024, this.service);
	}

	@AfterEach
	void closePipeline() {
		this.pipeline.close();
	}

	@Test
	void wireMapperOfTheDefaultCodecHasNoDefaultTyping() {
		assertNoDefaultTyping(WireCodec.create().mapper());
	}

	@Test
	void wireMapperBuiltFromAPlainApplicationMapperHasNoDefaultTyping() {
		assertNoDefaultTyping(WireCodec.of(JsonMapper.builder().build()).mapper());
	}

	@Test
	void wireMapperDropsDefaultTypingEnabledOnTheApplicationMapper() {
		JsonMapper typed = JsonMapper.builder()
			.activateDefaultTyping(ALLOW_EVERYTHING, DefaultTyping.NON_FINAL)
			.build();
		assertThat(typed.deserializationConfig().getDefaultTyper(typed.constructType(Object.class)))
			.as("the check sees default typing when it is on")
			.isNotNull();

		assertNoDefaultTyping(WireCodec.of(typed).mapper());
	}

	@Test
	void typeIdsStayPlainDataEvenWhenTheApplicationMapperHasDefaultTyping() {
		JsonMapper typed = JsonMapper.builder()
			.activateDefaultTyping(ALLOW_EVERYTHING, DefaultTyping.NON_FINAL)
			.build();
		TypingService typedService = new TypingService();
		try (HostilePipeline typedPipeline = HostilePipeline.open(WireCodec.of(typed), 1024 * 1024, typedService)) {
			List<String> answers = typedPipeline.send("{\"rid\":1,\"method\":\"inspect\",\"args\":"
					+ "[[\"java.util.HashMap\",{\"k\":[\"java.util.concurrent.atomic.AtomicLong\",5]}]]}");

			assertThat(answers).singleElement().asString().startsWith("{\"success\":true");
			assertThat(typedService.received).singleElement()
				.isEqualTo(List.of("java.util.HashMap",
						Map.of("k", List.of("java.util.concurrent.atomic.AtomicLong", 5))));
			assertPlain(typedService.received.get(0));
		}
	}

	@Test
	void wireCodecOfTheSpringBootApplicationHasNoDefaultTyping() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, IpcClientAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasSingleBean(WireCodec.class);
				assertNoDefaultTyping(context.getBean(WireCodec.class).mapper());
			});
	}

	private static void assertNoDefaultTyping(JsonMapper mapper) {
		for (Class<?> base : List.of(Object.class, Map.class, List.class, Runnable.class, Comparable.class,
				Payload.class, Object[].class)) {
			assertThat(mapper.deserializationConfig().getDefaultTyper(mapper.constructType(base)))
				.as("default typer for reading %s", base.getSimpleName())
				.isNull();
			assertThat(mapper.serializationConfig().getDefaultTyper(mapper.constructType(base)))
				.as("default typer for writing %s", base.getSimpleName())
				.isNull();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"@class\":\"java.lang.ProcessBuilder\",\"command\":[\"touch\",\"/tmp/ipc-pwned\"]}",
			"{\"@type\":\"java.lang.ProcessBuilder\",\"command\":[\"id\"]}",
			"{\"@c\":\".ProcessBuilder\",\"command\":[\"id\"]}",
			"[\"java.lang.ProcessBuilder\",{\"command\":[\"id\"]}]", "[\"java.util.HashMap\",{}]",
			"[\"org.springframework.context.support.ClassPathXmlApplicationContext\",\"http://127.0.0.1:1/x.xml\"]",
			"{\"java.lang.ProcessBuilder\":{\"command\":[\"id\"]}}", "[\"java.net.URL\",\"http://127.0.0.1:1/\"]",
			"{\"@class\":\"java.util.HashMap\",\"x\":[\"java.lang.Runtime\",{}]}",
			"[\"[Ljava.lang.Object;\",[[\"java.lang.ProcessBuilder\",{}]]]" })
	void typeIdsReachAnObjectParameterAsPlainData(String payload) {
		List<String> answers = this.pipeline.send("{\"rid\":1,\"method\":\"inspect\",\"args\":[" + payload + "]}");

		assertThat(answers).hasSize(1);
		JsonNode answer = JsonMapper.shared().readTree(answers.get(0));
		assertThat(answer.get("success").booleanValue()).as(answers.get(0)).isTrue();
		assertThat(this.service.received).hasSize(1);
		Object received = this.service.received.get(0);
		assertPlain(received);
		assertThat(received).isInstanceOfAny(Map.class, List.class);
		assertThat(answer.get("data")).as("echoed back as sent, no type id added")
			.isEqualTo(JsonMapper.shared().readTree(payload));
	}

	@Test
	void everyGadgetNameStaysAStringInEveryPositionOfAnObjectParameter() {
		for (String gadget : GADGETS) {
			String name = "\"" + gadget + "\"";
			String args = "[" + name + ",[" + name + ",{}],{\"@class\":" + name + "},{\"@type\":" + name + ",\"v\":["
					+ name + ",1]},[[" + name + ",[]]]]";
			List<String> answers = this.pipeline.send("{\"rid\":1,\"method\":\"many\",\"args\":" + args + "}");
			assertThat(answers).as(gadget).singleElement().asString().startsWith("{\"success\":true");
		}
		assertThat(this.service.received).hasSize(GADGETS.size() * 5);
		for (Object received : this.service.received) {
			assertPlain(received);
		}
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "{\"@class\":\"java.lang.ProcessBuilder\",\"name\":\"n\",\"extra\":{\"command\":[\"id\"]}}",
					"{\"name\":\"n\",\"extra\":[\"java.lang.ProcessBuilder\",{\"command\":[\"id\"]}]}",
					"{\"name\":\"n\",\"extra\":"
							+ "{\"@class\":\"org.springframework.context.support.ClassPathXmlApplicationContext\"}}",
					"[\"dev.socketipc.server.HostileTypingTest$Payload\",{\"name\":\"n\"}]" })
	void typeIdsInAPojoArgumentAreIgnoredOrRefused(String payload) {
		List<String> answers = this.pipeline.send("{\"rid\":1,\"method\":\"pojo\",\"args\":[" + payload + "]}");

		assertThat(answers).hasSize(1);
		JsonNode answer = JsonMapper.shared().readTree(answers.get(0));
		if (answer.get("success").booleanValue()) {
			assertThat(this.service.payloads).hasSize(1);
			Payload received = this.service.payloads.get(0);
			assertThat(received.getClass()).isEqualTo(Payload.class);
			assertThat(received.name).isEqualTo("n");
			assertPlain(received.extra);
		}
		else {
			assertThat(answer.get("code").stringValue()).isEqualTo("INVALID_ARGUMENTS");
			assertThat(this.service.payloads).isEmpty();
		}
	}

	@Test
	void typeIdArrayForAPojoIsRefusedAsInvalidArguments() {
		List<String> answers = this.pipeline
			.send("{\"rid\":1,\"method\":\"pojo\",\"args\":[[\"java.lang.ProcessBuilder\",{\"name\":\"n\"}]]}");

		assertThat(answers).singleElement().asString().contains("\"code\":\"INVALID_ARGUMENTS\"");
		assertThat(this.service.payloads).isEmpty();
	}

	@Test
	void resultsAreWrittenWithoutTypeIds() {
		List<String> answers = this.pipeline.send("{\"rid\":1,\"method\":\"typedResult\",\"args\":[]}");

		assertThat(answers).hasSize(1);
		assertThat(JsonMapper.shared().readTree(answers.get(0))).isEqualTo(JsonMapper.shared()
			.readTree("{\"success\":true,\"rid\":1,"
					+ "\"data\":{\"payload\":{\"name\":\"n\",\"extra\":[1,\"x\"]},\"list\":[2]}}"));
		assertThat(answers.get(0)).doesNotContain("@").doesNotContain("java.").doesNotContain("Payload");
	}

	/**
	 * Walks a received value: every node is a plain JSON type, never an instance of a
	 * class the payload named.
	 */
	private static void assertPlain(Object value) {
		if (value == null) {
			return;
		}
		assertThat(PLAIN).as("runtime class of %s", value).contains(value.getClass());
		if (value instanceof Map<?, ?> map) {
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				assertThat(entry.getKey()).isInstanceOf(String.class);
				assertPlain(entry.getValue());
			}
		}
		else if (value instanceof List<?> list) {
			list.forEach(HostileTypingTest::assertPlain);
		}
	}

	public static class Payload {

		public String name;

		public Object extra;

	}

	public static final class TypingService {

		final List<Object> received = new ArrayList<>();

		final List<Payload> payloads = new ArrayList<>();

		public Object inspect(Object value) {
			this.received.add(value);
			return value;
		}

		public int many(Object a, Object b, Object c, Object d, Object e) {
			this.received.addAll(Arrays.asList(a, b, c, d, e));
			return 5;
		}

		public String pojo(Payload payload) {
			this.payloads.add(payload);
			return payload.name;
		}

		public Map<String, Object> typedResult() {
			Payload payload = new Payload();
			payload.name = "n";
			payload.extra = List.of(1, "x");
			Map<String, Object> result = new LinkedHashMap<>();
			result.put("payload", payload);
			result.put("list", new ArrayList<>(List.of(2)));
			return result;
		}

	}

}
