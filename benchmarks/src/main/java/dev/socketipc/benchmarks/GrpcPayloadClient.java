package dev.socketipc.benchmarks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.socketipc.transport.IpcAddress;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;

/**
 * gRPC-java's client of the catalog ({@link GrpcPayload}): one {@link ManagedChannel}
 * with {@code directExecutor()}, plaintext, as {@link GrpcClientLoad} sets it up.
 */
final class GrpcPayloadClient implements PayloadClient {

	private final ManagedChannel channel;

	private final EventLoopGroup group;

	GrpcPayloadClient(IpcAddress address) {
		NettyChannelBuilder builder = NettyChannelBuilder.forAddress(address.socketAddress())
			.usePlaintext()
			.directExecutor();
		if (address instanceof IpcAddress.Unix) {
			this.group = new NioEventLoopGroup(1);
			builder.channelType(NioDomainSocketChannel.class).eventLoopGroup(this.group).overrideAuthority("localhost");
		}
		else {
			this.group = null;
		}
		this.channel = builder.build();
	}

	@Override
	public Catalog.Item save(Catalog.Item item) {
		return ClientCalls.blockingUnaryCall(this.channel, GrpcPayload.SAVE, CallOptions.DEFAULT, item);
	}

	@Override
	public Catalog.Document get(String id) {
		return ClientCalls.blockingUnaryCall(this.channel, GrpcPayload.GET, CallOptions.DEFAULT, id);
	}

	@Override
	public CompletableFuture<Catalog.Item> saveAsync(Catalog.Item item) {
		return call(GrpcPayload.SAVE, item);
	}

	@Override
	public CompletableFuture<Catalog.Document> getAsync(String id) {
		return call(GrpcPayload.GET, id);
	}

	@Override
	public String put(Catalog.Document document) {
		return ClientCalls.blockingUnaryCall(this.channel, GrpcPayload.PUT, CallOptions.DEFAULT, document);
	}

	private <Q, A> CompletableFuture<A> call(MethodDescriptor<Q, A> method, Q request) {
		CompletableFuture<A> answer = new CompletableFuture<>();
		ClientCalls.asyncUnaryCall(this.channel.newCall(method, CallOptions.DEFAULT), request, new StreamObserver<>() {
			private A value;

			@Override
			public void onNext(A value) {
				this.value = value;
			}

			@Override
			public void onError(Throwable failure) {
				answer.completeExceptionally(failure);
			}

			@Override
			public void onCompleted() {
				answer.complete(this.value);
			}
		});
		return answer;
	}

	@Override
	public void close() {
		this.channel.shutdownNow();
		try {
			this.channel.awaitTermination(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (this.group != null) {
			this.group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
		}
	}

}
