package dev.socketipc.protocol;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.json.JsonFactory;

/**
 * Decodes {@link WireCodec}'s lines to messages: checks strict UTF-8, reads the common
 * request line with {@link RequestScanner} and the common answer line with
 * {@link AnswerScanner} when the factory's constraints allow, and every other line with a
 * parser and {@link MessageReader}, to the same result. This class is thread-safe.
 */
final class LineDecoder {

	/** The factory whose parsers read the lines. */
	private final TokenStreamFactory lines;

	/** The same, refusing duplicate keys, for the objects nested in a message. */
	private final TokenStreamFactory strict;

	/**
	 * The longest line {@link RequestScanner} reads, {@code -1} when the factory's read
	 * constraints are too tight for it to read the lines the parser would.
	 */
	private final int scanLimit;

	private final MethodNames methodNames = new MethodNames();

	/**
	 * Creates a decoder.
	 * @param lines the factory whose parsers read the lines
	 * @param strict the same factory with duplicate detection on
	 */
	LineDecoder(TokenStreamFactory lines, TokenStreamFactory strict) {
		this.lines = lines;
		this.strict = strict;
		this.scanLimit = scanLimit(lines);
	}

	/**
	 * How long a line {@link RequestScanner} may read so that it accepts no line the
	 * parser would refuse: none unless the factory is a plain {@link JsonFactory}, and no
	 * longer than any string, name, document or token count its constraints allow.
	 */
	private static int scanLimit(TokenStreamFactory factory) {
		if (factory.getClass() != JsonFactory.class || ((JsonFactory) factory).getInputDecorator() != null) {
			return -1;
		}
		StreamReadConstraints constraints = factory.streamReadConstraints();
		// a level to spare, whichever way the parser counts the envelope
		if (constraints.getMaxNestingDepth() <= JsonScanner.MAX_DEPTH
				|| constraints.getMaxNumberLength() < JsonScanner.MAX_NUMBER_LENGTH) {
			return -1;
		}
		long limit = Math.min(constraints.getMaxStringLength(), constraints.getMaxNameLength());
		if (constraints.hasMaxDocumentLength()) {
			limit = Math.min(limit, constraints.getMaxDocumentLength());
		}
		if (constraints.hasMaxTokenCount()) {
			limit = Math.min(limit, constraints.getMaxTokenCount());
		}
		return (int) limit;
	}

	/** See {@link WireCodec#decode}. */
	WireMessage decode(byte[] bytes, int offset, int length) {
		String notUtf8 = StrictUtf8.problem(bytes, offset, length);
		if (notUtf8 != null) {
			throw new WireFormatException(notUtf8, null);
		}
		if (length <= this.scanLimit) {
			WireMessage answer = AnswerScanner.scan(bytes, offset, length);
			if (answer != null) {
				return answer;
			}
			WireMessage request = RequestScanner.scan(bytes, offset, length, this.methodNames);
			if (request != null) {
				return request;
			}
		}
		return parse(bytes, offset, length);
	}

	/**
	 * Whether {@link #decode} may read lines of this length without a parser; for tests.
	 */
	boolean scans(int length) {
		return length <= this.scanLimit;
	}

	/** Decodes a line that is strict UTF-8 with a parser. */
	WireMessage parse(byte[] bytes, int offset, int length) {
		try (JsonParser parser = this.lines.createParser(ObjectReadContext.empty(), bytes, offset, length)) {
			JsonToken first = parser.nextToken();
			if (first == null) {
				throw new WireFormatException("empty message", null);
			}
			WireMessage message = (first == JsonToken.START_OBJECT)
					? new MessageReader(parser, bytes, offset, this.strict).readObject() : readNonObject(parser, first);
			if (parser.nextToken() != null) {
				throw new WireFormatException("more than one JSON value on a line", null);
			}
			return message;
		}
		catch (JacksonException ex) {
			throw new WireFormatException("malformed JSON: " + ex.getOriginalMessage(), ex);
		}
		catch (NumberFormatException ex) {
			// Jackson throws it, not a JacksonException, for a number BigDecimal cannot
			// hold (such as 1e2147483648)
			throw new WireFormatException("number out of range: " + ex.getMessage(), ex);
		}
	}

	private static WireMessage readNonObject(JsonParser parser, JsonToken first) {
		parser.skipChildren();
		String kind = switch (first) {
			case START_ARRAY -> "an array";
			case VALUE_STRING -> "a string";
			case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
			case VALUE_TRUE, VALUE_FALSE -> "a boolean";
			default -> "null";
		};
		return new WireMessage.Invalid(null, "a message must be a JSON object, not " + kind);
	}

}
