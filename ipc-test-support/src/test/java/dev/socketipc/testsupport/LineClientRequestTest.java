package dev.socketipc.testsupport;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Request lines are written as Jackson wrote them before the helpers moved here: compact,
 * strings escaped the same.
 */
class LineClientRequestTest {

	@Test
	void numberRidIsBareStringRidIsQuotedNullRidIsLeftOut() {
		assertThat(LineClient.request(1, "add", 2, 3)).isEqualTo("{\"rid\":1,\"method\":\"add\",\"args\":[2,3]}");
		assertThat(LineClient.request("r-1", "add")).isEqualTo("{\"rid\":\"r-1\",\"method\":\"add\",\"args\":[]}");
		assertThat(LineClient.request(null, "ping")).isEqualTo("{\"method\":\"ping\",\"args\":[]}");
	}

	@Test
	void stringsAreEscapedAsJacksonEscapesThem() {
		assertThat(LineClient.request(1, "echo", "q\"b\\n\nr\rt\tb\bf\f\u0001\u001f é \u2028 /"))
			.isEqualTo("{\"rid\":1,\"method\":\"echo\",\"args\":"
					+ "[\"q\\\"b\\\\n\\nr\\rt\\tb\\bf\\f\\u0001\\u001F é \u2028 /\"]}");
	}

	@Test
	void nestedValuesAreWrittenInOrder() {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("a", List.of(1, true));
		map.put("b", null);
		assertThat(LineClient.request(2, "m", map, new Object[] { 1.5, "x" }, 9_007_199_254_740_993L)).isEqualTo(
				"{\"rid\":2,\"method\":\"m\",\"args\":[{\"a\":[1,true],\"b\":null},[1.5,\"x\"],9007199254740993]}");
	}

	@Test
	void valueWithoutAPlainJsonFormIsRefusedNamingItsType() {
		assertThatIllegalArgumentException().isThrownBy(() -> LineClient.request(1, "m", new StringBuilder("x")))
			.withMessage("no JSON form for a java.lang.StringBuilder: x");
	}

}
