package dev.socketipc.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.socketipc.testsupport.LineClient;
import dev.socketipc.testsupport.TestTransport;
import dev.socketipc.transport.IpcAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request's {@code meta} over real sockets: the server announces it in
 * {@code features}, an interceptor reads it, and every meta that breaks a rule is
 * answered {@code INVALID_REQUEST} naming the rule while the connection keeps serving.
 */
class RequestMetaTest {

	private final List<AutoCloseable> resources = new ArrayList<>();

	private final List<Map<String, String>> seen = new CopyOnWriteArrayList<>();

	private String address;

	@AfterEach
	void cleanUp() throws Exception {
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
		TestTransport.release(this.address);
	}

	@ParameterizedTest
	@EnumSource(TestTransport.class)
	void registerListsFeaturesAndAnInterceptorSeesTheMeta(TestTransport transport) throws IOException {
		IpcServer server = start(transport);
		assertThat(server.features()).containsExactly("ping", "meta", "events", "stream");
		try (LineClient client = LineClient.connect(server.address().socketAddress())) {
			assertThat(client.readLine()).isEqualTo(
					"{\"action\":\"register\",\"methods\":[\"add\"],\"protocol\":1,\"features\":[\"ping\",\"meta\",\"events\",\"stream\"],\"topics\":[]}");
			client.send(
					"{\"rid\":1,\"method\":\"add\",\"args\":[2,3],\"meta\":{\"traceparent\":\"00-a-b-01\",\"k\":\"v\"}}");
			assertThat(client.readLine()).isEqualTo("{\"success\":true,\"rid\":1,\"data\":5}");
			client.call(2, "add", 1, 1);
			assertThat(client.readLine()).isEqualTo("{\"success\":true,\"rid\":2,\"data\":2}");
		}
		assertThat(this.seen).containsExactly(Map.of("traceparent", "00-a-b-01", "k", "v"), Map.of());
	}

	@ParameterizedTest
	@EnumSource(TestTransport.class)
	void eachBrokenRuleIsInvalidRequestAndTheConnectionKeepsServing(TestTransport transport) throws IOException {
		IpcServer server = start(transport);
		LineClient client = LineClient.connectAndSkipRegister(server.address().socketAddress());
		this.resources.add(client);
		String[][] cases = { { "\"x\"", "meta must be an object of strings, not a string" },
				{ "{\"a\":1}", "meta value of \\\"a\\\" must be a string, not a number" },
				{ "{\"a\":null}", "meta value of \\\"a\\\" must be a string, not null" },
				{ many(17), "meta must hold at most 16 entries, not 17" }, { "{\"k\":\"" + "v".repeat(4096) + "\"}",
						"meta must hold at most 4096 bytes of UTF-8 in its keys and values, not 4097" } };
		int rid = 0;
		for (String[] bad : cases) {
			rid++;
			client.send("{\"rid\":" + rid + ",\"method\":\"add\",\"args\":[1,2],\"meta\":" + bad[0] + "}");
			assertThat(client.readLine()).isEqualTo("{\"success\":false,\"rid\":" + rid + ",\"error\":\"" + bad[1]
					+ "\",\"code\":\"INVALID_REQUEST\"}");
			client.call(100 + rid, "add", rid, 1);
			assertThat(client.readLine())
				.isEqualTo("{\"success\":true,\"rid\":" + (100 + rid) + ",\"data\":" + (rid + 1) + "}");
		}
		assertThat(this.seen).hasSize(cases.length).allMatch(Map::isEmpty);
	}

	private static String many(int entries) {
		StringBuilder meta = new StringBuilder("{");
		for (int i = 0; i < entries; i++) {
			meta.append((i > 0) ? "," : "").append("\"k").append(i).append("\":\"v\"");
		}
		return meta.append('}').toString();
	}

	private IpcServer start(TestTransport transport) throws IOException {
		this.address = transport.newAddress();
		IpcAddress address = IpcAddress.parse(this.address);
		IpcServer server = IpcServer.builder()
			.address(address)
			.service(ServiceDefinition.of("", new Adder()))
			.interceptor((call) -> {
				this.seen.add(call.meta());
				return call.proceed();
			})
			.build();
		server.start();
		this.resources.add(server::stop);
		return server;
	}

	public static final class Adder {

		public int add(int a, int b) {
			return a + b;
		}

	}

}
