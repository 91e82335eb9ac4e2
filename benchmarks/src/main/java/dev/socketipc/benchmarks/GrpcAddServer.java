package dev.socketipc.benchmarks;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;

import dev.socketipc.transport.IpcAddress;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.grpc.stub.ServerCalls;

/**
 * The gRPC-java peer's server process: unary {@code bench.Calculator/add} (and the
 * payload cell's {@code bench.Catalog}, {@link GrpcPayload}) over grpc-netty-shaded with
 * {@code directExecutor()}. TCP uses grpc-netty's default transport; a Unix socket uses
 * Netty's NIO domain socket channels.
 *
 * <p>
 * {@code GrpcAddServer unix:/path | tcp://host:port} prints {@code listening <address>}
 * once it accepts connections and runs until killed.
 */
public final class GrpcAddServer {

	private GrpcAddServer() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length != 1) {
			System.err.println("usage: GrpcAddServer unix:/path/to.sock | tcp://host:port");
			System.exit(2);
		}
		IpcAddress address = IpcAddress.parse(args[0]);
		ServerServiceDefinition service = ServerServiceDefinition.builder("bench.Calculator")
			.addMethod(GrpcAdd.METHOD, ServerCalls.asyncUnaryCall((numbers, observer) -> {
				observer.onNext(GrpcAdd.sum(numbers));
				observer.onCompleted();
			}))
			.build();
		NettyServerBuilder builder = NettyServerBuilder.forAddress(address.socketAddress())
			.directExecutor()
			.addService(service)
			.addService(GrpcPayload.service());
		if (address instanceof IpcAddress.Unix unix) {
			Files.deleteIfExists(unix.path());
			builder.channelType(NioServerDomainSocketChannel.class)
				.bossEventLoopGroup(new NioEventLoopGroup(1))
				.workerEventLoopGroup(new NioEventLoopGroup());
		}
		Server server = builder.build().start();
		IpcAddress bound = address;
		if (address instanceof IpcAddress.Tcp tcp) {
			for (SocketAddress listening : server.getListenSockets()) {
				if (listening instanceof InetSocketAddress inet) {
					bound = new IpcAddress.Tcp(tcp.host(), inet.getPort());
				}
			}
		}
		System.out.println("listening " + bound);
		System.out.flush();
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			server.shutdownNow();
			if (address instanceof IpcAddress.Unix unix) {
				try {
					Files.deleteIfExists(unix.path());
				}
				catch (java.io.IOException ex) {
					// best effort at exit
				}
			}
		}));
		server.awaitTermination();
	}

}
