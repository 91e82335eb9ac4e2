package dev.socketipc.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import io.grpc.MethodDescriptor;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gRPC peer's {@code add}: a unary method described by hand, no code generation, with
 * JSON marshallers so that both ends do the same work as ours (the request is the JSON
 * array {@code [1,2,3,4,5]}, the answer the JSON number {@code 15}).
 */
final class GrpcAdd {

	static final JsonMapper MAPPER = JsonMapper.builder().build();

	static final MethodDescriptor<int[], Integer> METHOD = MethodDescriptor.<int[], Integer>newBuilder()
		.setType(MethodDescriptor.MethodType.UNARY)
		.setFullMethodName(MethodDescriptor.generateFullMethodName("bench.Calculator", "add"))
		.setRequestMarshaller(new JsonMarshaller<>(int[].class))
		.setResponseMarshaller(new JsonMarshaller<>(Integer.class))
		.setIdempotent(true)
		.build();

	private GrpcAdd() {
	}

	static int sum(int[] numbers) {
		int sum = 0;
		for (int number : numbers) {
			sum += number;
		}
		return sum;
	}

	/** Writes and reads a value as JSON with Jackson. */
	static final class JsonMarshaller<T> implements MethodDescriptor.Marshaller<T> {

		private final Class<T> type;

		JsonMarshaller(Class<T> type) {
			this.type = type;
		}

		@Override
		public InputStream stream(T value) {
			return new ByteArrayInputStream(MAPPER.writeValueAsBytes(value));
		}

		@Override
		public T parse(InputStream stream) {
			try (stream) {
				return MAPPER.readValue(stream, this.type);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}
