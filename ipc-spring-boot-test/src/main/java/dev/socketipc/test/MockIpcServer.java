package dev.socketipc.test;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.socketipc.protocol.WireCodec;
import dev.socketipc.protocol.WireFeatures;
import dev.socketipc.protocol.WireMessage;
import dev.socketipc.transport.IpcAddress;
import dev.socketipc.transport.Transports;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.util.concurrent.GlobalEventExecutor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.context.ApplicationContext;

/**
 * A scripted IPC server for tests of {@code @IpcClient} interfaces: it expects calls,
 * answers them as told, and reports any call it did not expect.
 *
 * <pre>{@code
 * MockIpcServer server = MockIpcServer.bindTo(context, "calculator");
 * server.expect("add").withArgs(1, 2, 3).andRespond(6);
 * server.expect("divide").andRespondError("SERVICE_ERROR", "division by zero");
 * assertThat(calculator.add(1, 2, 3)).isEqualTo(6);
 * server.verify();
 * }</pre>
 *
 * Each expectation matches one call, the first in the order expected whose method (and
 * arguments, when given) match. A call no expectation matches is answered with the error
 * code {@value #UNEXPECTED_CALL} and a message naming the method and its arguments, and
 * {@link #verify()} fails with the same words, whatever the client did with the error;
 * with {@code @IpcClientTest} the test fails after its method even without
 * {@code verify()}.
 *
 * <p>
 * It speaks the line protocol itself (reading lines with the core's {@link WireCodec})
 * rather than running a real {@code IpcServer}: it answers any method by name, and can
 * pose as a seed server, whose {@code register} line has no {@code protocol} and no
 * {@code features} ({@link Pose#SEED}), or as a current one. Its {@code register} lists
 * the methods it was created with (with {@code @IpcClientTest}, every method of the
 * client interfaces) and those expected before a client connected: a client refuses by
 * itself to call a method its server did not list, so expecting another method once a
 * client is connected fails, naming it. This class is thread-safe.
 */
public final class MockIpcServer {

	/** The error code of the answer to a call the server did not expect. */
	public static final String UNEXPECTED_CALL = "UNEXPECTED_CALL";

	private static final int MAX_LINE_LENGTH = 16 * 1024 * 1024;

	private final String serverName;

	private final IpcAddress address;

	private final Pose pose;

	private final WireCodec codec;

	/** Guards the fields below. */
	private final Object lock = new Object();

	private final Set<String> methods;

	private final List<ExpectedCall> expected = new ArrayList<>();

	private final List<String> unexpected = new ArrayList<>();

	private EventLoopGroup group;

	private Channel serverChannel;

	private ChannelGroup connections;

	/** Where it listens once started (the port chosen for {@code tcp://host:0}). */
	private volatile IpcAddress boundAddress;

	private MockIpcServer(String serverName, IpcAddress address, Pose pose, Collection<String> methods,
			WireCodec codec) {
		if (address instanceof IpcAddress.Unix) {
			throw new IllegalArgumentException("MockIpcServer listens on local: or tcp:// addresses, not " + address);
		}
		this.serverName = Objects.requireNonNull(serverName, "serverName");
		this.address = Objects.requireNonNull(address, "address");
		this.pose = Objects.requireNonNull(pose, "pose");
		this.methods = new LinkedHashSet<>(methods);
		this.codec = (codec != null) ? codec : WireCodec.create();
	}

	/**
	 * Creates a mock server, not started.
	 * @param serverName the name its clients know it by ({@code @IpcClient("name")})
	 * @param address where to listen: a {@code local:} address, or {@code tcp://}
	 * @param pose whether to pose as a seed server or a current one
	 * @param methods the method names its {@code register} lists besides the expected
	 * ones: those of the client interfaces, so that a call of any of them reaches it
	 * @param codec the wire codec (the application's, for its Jackson settings), or
	 * {@code null} for the default one
	 * @return the mock server
	 */
	public static MockIpcServer create(String serverName, IpcAddress address, Pose pose, Collection<String> methods,
			WireCodec codec) {
		return new MockIpcServer(serverName, address, pose, methods, codec);
	}

	/**
	 * Returns the mock server that the clients of the named server connect to in this
	 * application context, as {@code @IpcClientTest} sets them up.
	 * @param context the application context of the test
	 * @param serverName the server's name in {@code @IpcClient("name")}, or the address
	 * of a client that names none
	 * @return the mock server
	 * @throws IllegalStateException when no mock server poses as that server
	 */
	public static MockIpcServer bindTo(ApplicationContext context, String serverName) {
		Map<String, MockIpcServer> servers = new LinkedHashMap<>();
		context.getBeanProvider(MockIpcServer.class).forEach((server) -> servers.put(server.serverName(), server));
		MockIpcServer server = servers.get(serverName);
		if (server == null) {
			throw new IllegalStateException("No MockIpcServer poses as the server '" + serverName
					+ "' in this application context (it has mock servers for " + servers.keySet()
					+ "); test the clients of that server with @IpcClientTest, which points each server's clients "
					+ "at a MockIpcServer of its own");
		}
		return server;
	}

	/**
	 * Starts listening; does nothing when started.
	 */
	public void start() {
		synchronized (this.lock) {
			if (this.serverChannel != null) {
				return;
			}
			EventLoopGroup group = Transports.newEventLoopGroup(1, "ipc-mock-" + this.serverName, true, this.address);
			ChannelGroup connections = new DefaultChannelGroup("ipc-mock", GlobalEventExecutor.INSTANCE);
			try {
				this.serverChannel = new ServerBootstrap().group(group)
					.channel(Transports.serverChannelType(this.address))
					.childHandler(new ChannelInitializer<>() {
						@Override
						protected void initChannel(Channel channel) {
							connections.add(channel);
							channel.pipeline()
								.addLast(new LineBasedFrameDecoder(MAX_LINE_LENGTH, true, true),
										new MockServerHandler(MockIpcServer.this, MockIpcServer.this.codec));
						}
					})
					.bind(this.address.socketAddress())
					.syncUninterruptibly()
					.channel();
			}
			catch (RuntimeException ex) {
				group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
				throw new IllegalStateException("MockIpcServer '" + this.serverName + "' could not listen on "
						+ this.address + ": " + ex.getMessage(), ex);
			}
			this.group = group;
			this.connections = connections;
			this.boundAddress = bound(this.address, this.serverChannel);
		}
	}

	private static IpcAddress bound(IpcAddress address, Channel channel) {
		if (address instanceof IpcAddress.Tcp tcp && channel.localAddress() instanceof InetSocketAddress inet) {
			return new IpcAddress.Tcp(tcp.host(), inet.getPort());
		}
		return address;
	}

	/**
	 * Closes every connection and stops listening.
	 */
	public void stop() {
		synchronized (this.lock) {
			if (this.serverChannel == null) {
				return;
			}
			this.serverChannel.close().syncUninterruptibly();
			this.connections.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
			this.group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
			this.serverChannel = null;
		}
	}

	/**
	 * Expects one call of a method; say how to answer it on the expectation returned,
	 * which calls match once {@link ExpectedCall#andRespond(Object) andRespond} or
	 * {@link ExpectedCall#andRespondError(String, String) andRespondError} has ended it.
	 * @param method the method's wire name ({@code prefix.name} with an
	 * {@code @IpcClient} prefix): one the server was created with, or any before a client
	 * connects
	 * @return the expectation
	 * @throws IllegalStateException when the method is not among those the server
	 * announced and a client is connected, which would refuse to call it
	 */
	public ExpectedCall expect(String method) {
		ExpectedCall call = new ExpectedCall(method, this.codec.mapper());
		synchronized (this.lock) {
			if (!this.methods.contains(method)) {
				if (this.connections != null && !this.connections.isEmpty()) {
					throw new IllegalStateException("MockIpcServer '" + this.serverName + "' cannot expect '" + method
							+ "': its clients are connected and were told its methods " + this.methods
							+ ", so they would not call it; name it in the methods the server is created with "
							+ "(with @IpcClientTest, declare it on the @IpcClient interface)");
				}
				this.methods.add(method);
			}
			this.expected.add(call);
		}
		return call;
	}

	/**
	 * Fails when a call was not expected, or an expected call was not made.
	 * @throws AssertionError naming each unexpected call (method and arguments) and each
	 * expectation not met
	 */
	public void verify() {
		List<String> problems = new ArrayList<>();
		synchronized (this.lock) {
			this.unexpected.forEach((call) -> problems.add("unexpected call " + call));
			this.expected.stream()
				.filter((call) -> !call.satisfied)
				.forEach((call) -> problems.add("expected call " + call + " was not made" + (call.isAnswered() ? ""
						: " (its answer was never given: end it with andRespond or " + "andRespondError)")));
		}
		if (!problems.isEmpty()) {
			throw new AssertionError("MockIpcServer '" + this.serverName + "': " + String.join("; ", problems));
		}
	}

	/**
	 * Fails when a call was not expected; expectations not met are not checked.
	 * @throws AssertionError naming each unexpected call
	 */
	public void verifyNoUnexpectedCalls() {
		synchronized (this.lock) {
			if (!this.unexpected.isEmpty()) {
				throw new AssertionError("MockIpcServer '" + this.serverName + "': unexpected call "
						+ String.join("; unexpected call ", this.unexpected));
			}
		}
	}

	/**
	 * Forgets every expectation and every unexpected call; the methods announced stay.
	 */
	public void reset() {
		synchronized (this.lock) {
			this.expected.clear();
			this.unexpected.clear();
		}
	}

	/**
	 * Returns the name the clients know this server by.
	 * @return the server's name
	 */
	public String serverName() {
		return this.serverName;
	}

	/**
	 * Returns where the server listens: once started, the address it bound (the port
	 * chosen for {@code tcp://host:0}), before that the one it was created with.
	 * @return the address
	 */
	public IpcAddress address() {
		IpcAddress bound = this.boundAddress;
		return (bound != null) ? bound : this.address;
	}

	Pose pose() {
		return this.pose;
	}

	ByteBuf registerLine(ByteBufAllocator allocator) {
		List<String> names;
		synchronized (this.lock) {
			names = List.copyOf(this.methods);
		}
		if (this.pose == Pose.SEED) {
			byte[] line = this.codec.mapper().writeValueAsBytes(Map.of("action", "register", "methods", names));
			return allocator.buffer(line.length + 1).writeBytes(line).writeByte(WireCodec.NEWLINE);
		}
		return this.codec.encodeRegister(allocator, names, WireFeatures.SERVER);
	}

	/**
	 * Encodes an error answer as the server posed answers: a seed server sends
	 * {@code {"success":false,"rid":..,"error":..}}, without {@code code}.
	 */
	ByteBuf errorLine(ByteBufAllocator allocator, Object rid, String code, String message) {
		ByteBuf encoded = this.codec.encodeError(allocator, rid, code, message);
		if (this.pose != Pose.SEED) {
			return encoded;
		}
		ObjectNode error;
		try {
			error = (ObjectNode) this.codec.mapper().readTree(ByteBufUtil.getBytes(encoded));
		}
		finally {
			encoded.release();
		}
		error.remove("code");
		byte[] line = this.codec.mapper().writeValueAsBytes(error);
		return allocator.buffer(line.length + 1).writeBytes(line).writeByte(WireCodec.NEWLINE);
	}

	void answer(Channel channel, WireMessage.Request request) {
		String args = (request.args() != null) ? request.args().toString() : "[]";
		JsonNode argsNode = this.codec.mapper().readTree(args);
		ExpectedCall match = null;
		List<ExpectedCall> candidates;
		synchronized (this.lock) {
			for (ExpectedCall call : this.expected) {
				if (!call.satisfied && call.matches(request.method(), argsNode)) {
					call.satisfied = true;
					match = call;
					break;
				}
			}
			candidates = this.expected.stream().filter((call) -> !call.satisfied && call.isAnswered()).toList();
			if (match == null) {
				this.unexpected.add(describe(request.method(), args));
			}
		}
		if (!request.hasRid()) {
			return;
		}
		if (match == null) {
			String message = "MockIpcServer '" + this.serverName + "' did not expect the call "
					+ describe(request.method(), args) + "; it expects "
					+ (candidates.isEmpty() ? "no more calls" : candidates.toString());
			channel.writeAndFlush(errorLine(channel.alloc(), request.rid(), UNEXPECTED_CALL, message));
			return;
		}
		ExpectedCall call = match;
		Runnable respond = () -> channel.writeAndFlush((call.errorCode() != null)
				? errorLine(channel.alloc(), request.rid(), call.errorCode(), call.errorMessage())
				: this.codec.encodeSuccess(channel.alloc(), request.rid(), call.result()));
		if (call.delay().isZero()) {
			respond.run();
		}
		else {
			channel.eventLoop().schedule(respond, call.delay().toNanos(), TimeUnit.NANOSECONDS);
		}
	}

	void unreadable(String reason) {
		synchronized (this.lock) {
			this.unexpected.add("(an unreadable line: " + reason + ")");
		}
	}

	static String describe(String method, String argsJson) {
		if (argsJson == null) {
			return method + "(any arguments)";
		}
		String inner = (argsJson.startsWith("[") && argsJson.endsWith("]"))
				? argsJson.substring(1, argsJson.length() - 1) : argsJson;
		return method + "(" + inner + ")";
	}

	/**
	 * How the server introduces itself in its {@code register} line.
	 */
	public enum Pose {

		/**
		 * A server of this library: {@code protocol} and {@code features} (ping, meta)
		 * announced, pings answered.
		 */
		CURRENT,

		/**
		 * A seed (Node.js) server: {@code {"action":"register","methods":[...]}} only, so
		 * clients send no {@code meta} and no ping; its errors carry no {@code code}
		 * ({@code {"success":false,"rid":..,"error":..}}), so the code given to
		 * {@link ExpectedCall#andRespondError(String, String)} is not sent.
		 */
		SEED

	}

}
