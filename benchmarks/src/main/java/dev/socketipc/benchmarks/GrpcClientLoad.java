package dev.socketipc.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.socketipc.transport.IpcAddress;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;

/**
 * The gRPC-java peer's client: one {@link ManagedChannel} with {@code directExecutor()},
 * plaintext, driven by {@link ClientLoad} with blocking and asynchronous unary calls.
 */
final class GrpcClientLoad implements AutoCloseable {

	private static final int[] ARGS = { 1, 2, 3, 4, 5 };

	private final ManagedChannel channel;

	private final EventLoopGroup group;

	GrpcClientLoad(IpcAddress address) {
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
		int sum = ClientCalls.blockingUnaryCall(this.channel, GrpcAdd.METHOD, CallOptions.DEFAULT, ARGS);
		if (sum != 15) {
			throw new WrongAnswerException("gRPC against " + address + ": add(1,2,3,4,5) returned " + sum);
		}
	}

	double sync(int threads, Duration warmup, Duration window) {
		return ClientLoad.sync("gRPC, sync x" + threads, threads,
				() -> ClientCalls.blockingUnaryCall(this.channel, GrpcAdd.METHOD, CallOptions.DEFAULT, ARGS), warmup,
				window);
	}

	double async(int inFlight, Duration warmup, Duration window) {
		return ClientLoad.async("gRPC, async x" + inFlight, inFlight, (onResult, onFailure) -> ClientCalls
			.asyncUnaryCall(this.channel.newCall(GrpcAdd.METHOD, CallOptions.DEFAULT), ARGS, new StreamObserver<>() {
				private int sum = -1;

				@Override
				public void onNext(Integer value) {
					this.sum = value;
				}

				@Override
				public void onError(Throwable failure) {
					onFailure.accept(failure);
				}

				@Override
				public void onCompleted() {
					onResult.accept(this.sum);
				}
			}), warmup, window);
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
