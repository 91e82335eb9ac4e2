package dev.socketipc.benchmarks;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import io.netty.buffer.ByteBuf;

/**
 * The load generator's bytes for one payload method (the payload cell): the request of
 * each {@code rid} and the one answer line that is right for it,
 * {@code {"success":true,"rid":R,"data":<expected JSON>}}, compared byte for byte.
 *
 * <p>
 * A method may have several argument variants ({@code get} of each stored document): the
 * variant of a call is its {@code rid} modulo their number, so the answer's {@code rid}
 * says which bytes it must carry.
 */
final class PayloadWire {

	/** An answer starts with these bytes, then its rid. */
	static final byte[] ANSWER_PREFIX = "{\"success\":true,\"rid\":".getBytes(StandardCharsets.US_ASCII);

	/** The rid's digits counted in {@link #bytesPerCall()}. */
	static final int RID_DIGITS = 6;

	private final String method;

	private final byte[][] requestSuffixes;

	private final byte[][] answerSuffixes;

	/**
	 * @param method the method called
	 * @param arguments the JSON of each variant's one argument
	 * @param answers the JSON of each variant's answer data
	 */
	PayloadWire(String method, List<byte[]> arguments, List<byte[]> answers) {
		if (arguments.isEmpty() || arguments.size() != answers.size()) {
			throw new IllegalArgumentException("each argument variant needs its answer");
		}
		this.method = method;
		this.requestSuffixes = new byte[arguments.size()][];
		this.answerSuffixes = new byte[answers.size()][];
		byte[] call = (",\"method\":\"" + method + "\",\"args\":[").getBytes(StandardCharsets.US_ASCII);
		for (int i = 0; i < arguments.size(); i++) {
			this.requestSuffixes[i] = concat(call, arguments.get(i), "]}\n".getBytes(StandardCharsets.US_ASCII));
			this.answerSuffixes[i] = concat(",\"data\":".getBytes(StandardCharsets.US_ASCII), answers.get(i),
					new byte[] { '}' });
		}
	}

	/** {@code save(item)}, answered with the item. */
	static PayloadWire save() {
		byte[] item = PayloadData.json(PayloadData.ITEM);
		return new PayloadWire("save", List.of(item), List.of(item));
	}

	/**
	 * {@code get(id)} of each stored document in turn, answered with the document.
	 */
	static PayloadWire get() {
		List<byte[]> ids = PayloadData.DOCUMENTS_STORED.stream().map((d) -> PayloadData.json(d.id())).toList();
		List<byte[]> documents = PayloadData.DOCUMENTS_STORED.stream().map(PayloadData::json).toList();
		return new PayloadWire("get", ids, documents);
	}

	String method() {
		return this.method;
	}

	/** The longest request line, newline included, with a rid of up to 19 digits. */
	int maxRequestBytes() {
		return AddWire.REQUEST_PREFIX.length + 19
				+ Arrays.stream(this.requestSuffixes).mapToInt((s) -> s.length).max().orElse(0);
	}

	/**
	 * Request and answer bytes of one call (newlines included, averaged over the
	 * variants), with a {@value #RID_DIGITS}-digit rid: what MB/s is counted from.
	 */
	double bytesPerCall() {
		double request = Arrays.stream(this.requestSuffixes).mapToInt((s) -> s.length).average().orElse(0);
		double answer = Arrays.stream(this.answerSuffixes).mapToInt((s) -> s.length).average().orElse(0);
		return AddWire.REQUEST_PREFIX.length + request + ANSWER_PREFIX.length + answer + 1 + 2 * RID_DIGITS;
	}

	/**
	 * Average request line bytes, newline included, with a {@value #RID_DIGITS}-digit
	 * rid.
	 */
	double requestBytes() {
		return AddWire.REQUEST_PREFIX.length + RID_DIGITS
				+ Arrays.stream(this.requestSuffixes).mapToInt((s) -> s.length).average().orElse(0);
	}

	/**
	 * Average answer line bytes, newline included, with a {@value #RID_DIGITS}-digit rid.
	 */
	double answerBytes() {
		return bytesPerCall() - requestBytes();
	}

	void writeRequest(ByteBuf out, long rid) {
		out.writeBytes(AddWire.REQUEST_PREFIX);
		AddWire.writeDecimal(out, rid);
		out.writeBytes(this.requestSuffixes[variant(rid)]);
	}

	/**
	 * The rid of an answer line that is exactly the right answer to its call, or
	 * {@code -1} when any byte differs.
	 */
	long check(byte[] line, int length) {
		int prefix = ANSWER_PREFIX.length;
		if (length <= prefix || !Arrays.equals(line, 0, prefix, ANSWER_PREFIX, 0, prefix)) {
			return -1;
		}
		long rid = AddWire.parseDecimal(line, prefix, length);
		if (rid <= 0) {
			return -1;
		}
		int at = prefix;
		while (at < length && line[at] >= '0' && line[at] <= '9') {
			at++;
		}
		byte[] expected = this.answerSuffixes[variant(rid)];
		return Arrays.equals(line, at, length, expected, 0, expected.length) ? rid : -1;
	}

	private int variant(long rid) {
		return (int) (rid % this.requestSuffixes.length);
	}

	private static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			out.writeBytes(part);
		}
		return out.toByteArray();
	}

}
