package dev.socketipc.benchmarks;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCalls;

/**
 * The gRPC peer's catalog (the payload cell): {@code bench.Catalog/save}, {@code put} and
 * {@code get}, unary methods described by hand with the same Jackson JSON marshaller as
 * {@link GrpcAdd}, so that both ends do the work ours do.
 */
final class GrpcPayload {

	static final String SERVICE = "bench.Catalog";

	static final MethodDescriptor<Catalog.Item, Catalog.Item> SAVE = method("save", Catalog.Item.class,
			Catalog.Item.class);

	static final MethodDescriptor<Catalog.Document, String> PUT = method("put", Catalog.Document.class, String.class);

	static final MethodDescriptor<String, Catalog.Document> GET = method("get", String.class, Catalog.Document.class);

	private GrpcPayload() {
	}

	/**
	 * The service as {@link GrpcAddServer} serves it: {@code save} answers its item,
	 * {@code put} stores its document, {@code get} answers a stored one.
	 */
	static ServerServiceDefinition service() {
		Map<String, Catalog.Document> documents = new ConcurrentHashMap<>();
		return ServerServiceDefinition.builder(SERVICE).addMethod(SAVE, ServerCalls.asyncUnaryCall((item, observer) -> {
			observer.onNext(item);
			observer.onCompleted();
		})).addMethod(PUT, ServerCalls.asyncUnaryCall((document, observer) -> {
			documents.put(document.id(), document);
			observer.onNext(document.id());
			observer.onCompleted();
		})).addMethod(GET, ServerCalls.asyncUnaryCall((id, observer) -> {
			Catalog.Document document = documents.get(id);
			if (document == null) {
				observer.onError(Status.NOT_FOUND.withDescription("no document with id '" + id + "'").asException());
				return;
			}
			observer.onNext(document);
			observer.onCompleted();
		})).build();
	}

	private static <Q, A> MethodDescriptor<Q, A> method(String name, Class<Q> request, Class<A> answer) {
		return MethodDescriptor.<Q, A>newBuilder()
			.setType(MethodDescriptor.MethodType.UNARY)
			.setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
			.setRequestMarshaller(new GrpcAdd.JsonMarshaller<>(request))
			.setResponseMarshaller(new GrpcAdd.JsonMarshaller<>(answer))
			.build();
	}

}
