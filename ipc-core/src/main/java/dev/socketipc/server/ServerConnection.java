package dev.socketipc.server;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import dev.socketipc.protocol.ErrorCode;
import dev.socketipc.protocol.LineFramer;
import dev.socketipc.protocol.WireFormatException;
import dev.socketipc.protocol.WireMessage;
import dev.socketipc.protocol.WireNames;
import dev.socketipc.transport.Transports;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection on the server: decodes each line, looks its method up, binds its
 * arguments into a {@link ServerCall}, and writes the answers in whatever order the calls
 * finish.
 *
 * <p>
 * At most {@code maxInFlight} calls run at once; past that, further calls wait in a queue
 * while the connection goes on reading, so that control lines ({@code cancel},
 * {@code ping}, {@code $subscribe}/{@code $unsubscribe} of plain topics) are handled at
 * once, even while endless streams fill the window. Once more than {@code maxInFlight}
 * calls wait too (or while the channel is not writable) the connection stops reading
 * until calls finish: the calls a connection holds stay bounded by about twice
 * {@code maxInFlight} (plus the lines of the read under way). Answers written during a
 * read share the flush at its end. When the peer shuts down its write side, the calls
 * already read still run (for up to the shutdown timeout) and are answered before the
 * connection closes; when the server stops, {@link #drainAndClose()} answers what is
 * left.
 *
 * <p>
 * Threads: all state is confined to the channel's event loop, except {@link #ctx} and
 * {@link #peer}, set once on it before any call starts (handing a call to the executor
 * publishes them), and {@link #pendingWrites}, which lets answers that arrive together
 * from other threads share one flush.
 */
final class ServerConnection extends ChannelInboundHandlerAdapter implements LineFramer.Lines {

	private static final Logger logger = LoggerFactory.getLogger(ServerConnection.class);

	private static final int MIN_BATCH = 256;

	/**
	 * A batch is written once it holds this many bytes; a longer line is written on its
	 * own, never copied.
	 */
	private static final int MAX_BATCH = 16 * 1024;

	private final ServerRuntime runtime;

	private final int maxLineLength;

	private final Set<ServerCall> running = new HashSet<>();

	/**
	 * The call being started now on the event loop, kept out of {@link #running} (no set
	 * entry per call): a direct call, or one a synchronous executor runs, most often
	 * finishes before it returns. One that does not joins the set.
	 */
	private ServerCall runningDirect;

	private final ArrayDeque<ServerCall> waiting = new ArrayDeque<>();

	private final AtomicInteger pendingWrites = new AtomicInteger();

	private ChannelHandlerContext ctx;

	private boolean reading;

	/**
	 * The lines written during the read under way, sent as one buffer when it completes,
	 * {@code null} when there are none.
	 */
	private ByteBuf batch;

	/** The size of the last batch, to allocate the next one. */
	private int batchHint = MIN_BATCH;

	private IpcPeer peer;

	/** The topics subscribed to; created when the channel becomes active. */
	private TopicSubscriptions topics;

	/** The streaming calls; created when the channel becomes active. */
	private ConnectionStreams streams;

	/**
	 * Set when the connection is being closed for an error; lines still in the read
	 * buffer are then dropped.
	 */
	private boolean closing;

	/** What happens once the peer shut down its write side. */
	private InputEnd inputEnd;

	ServerConnection(ServerRuntime runtime, int maxLineLength) {
		this.runtime = runtime;
		this.maxLineLength = maxLineLength;
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		this.ctx = ctx;
		this.inputEnd = new InputEnd(ctx, this.runtime.shutdownTimeout);
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) {
		this.peer = IpcPeer.of(ctx.channel());
		this.topics = new TopicSubscriptions(this, this.runtime, ctx, this.peer);
		this.streams = new ConnectionStreams(this.runtime, ctx);
		if (logger.isDebugEnabled()) {
			logger.debug("Accepted connection {} ({} open)", Transports.describePeer(ctx.channel()),
					this.runtime.statistics.openConnections());
		}
		ctx.writeAndFlush(Unpooled.wrappedBuffer(this.runtime.registerLine()));
		ctx.fireChannelActive();
	}

	/** Takes a line from the {@link LineFramer} before it in the pipeline. */
	@Override
	public void line(byte[] bytes, int offset, int length) {
		this.reading = true;
		if (!this.closing) {
			handleLine(bytes, offset, length);
		}
	}

	@Override
	public void channelReadComplete(ChannelHandlerContext ctx) {
		this.reading = false;
		writeBatch();
		ctx.flush();
		ctx.fireChannelReadComplete();
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
		if (event instanceof ChannelInputShutdownReadComplete || event instanceof ChannelInputShutdownEvent) {
			inputEnded();
		}
		if (event instanceof IdleStateEvent && isAnswered()) {
			logger.debug("Closing idle connection {}", Transports.describePeer(ctx.channel()));
			ctx.close();
			return;
		}
		ctx.fireUserEventTriggered(event);
	}

	@Override
	public void channelWritabilityChanged(ChannelHandlerContext ctx) {
		if (ctx.channel().isWritable() && this.topics != null) {
			this.topics.writable();
			this.streams.writable();
		}
		updateAutoRead();
		ctx.fireChannelWritabilityChanged();
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		this.inputEnd.cancel();
		if (this.topics != null) {
			this.topics.close();
			this.streams.abandonAll();
		}
		int running = runningCount();
		this.runtime.callsFinished(running);
		if (running > 0) {
			logger.debug("Connection {} closed with {} call(s) running; their results will be dropped",
					Transports.describePeer(ctx.channel()), running);
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Connection {} closed", Transports.describePeer(ctx.channel()));
		}
		this.running.clear();
		this.runningDirect = null;
		if (this.batch != null) {
			this.batch.release();
			this.batch = null;
		}
		for (ServerCall call : this.waiting) {
			call.ended(IpcServerObserver.CONNECTION_CLOSED);
		}
		this.waiting.clear();
		ctx.fireChannelInactive();
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		if (this.closing) {
			return;
		}
		this.closing = true;
		writeBatch();
		ConnectionErrors.close(ctx, cause, this.runtime, this.maxLineLength);
	}

	private void handleLine(byte[] bytes, int offset, int length) {
		if (isBlank(bytes, offset, length)) {
			return;
		}
		WireMessage message;
		try {
			message = this.runtime.codec.decode(bytes, offset, length);
		}
		catch (WireFormatException ex) {
			this.runtime.statistics.parseError();
			reply(null, ErrorCode.PARSE_ERROR, ex.getMessage());
			return;
		}
		if (message instanceof WireMessage.Request request) {
			handleRequest(request);
		}
		else if (message instanceof WireMessage.Invalid invalid) {
			reply(invalid.rid(), ErrorCode.INVALID_REQUEST, invalid.reason());
		}
		else if (message instanceof WireMessage.Answer answer) {
			reply(answer.rid(), ErrorCode.INVALID_REQUEST, "a request needs a method");
		}
		else if (message instanceof WireMessage.Cancel cancel) {
			if (!cancelWaiting(cancel.rid())) {
				this.streams.cancel(cancel.rid());
			}
		}
		else if (message instanceof WireMessage.Action action && "ping".equals(action.name())) {
			write(this.runtime.codec.encodeAction(this.ctx.alloc(), "pong"));
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Ignoring {} from {}", message.getClass().getSimpleName(),
					Transports.describePeer(this.ctx.channel()));
		}
	}

	private void handleRequest(WireMessage.Request message) {
		String name = message.method();
		if (name.startsWith(WireNames.RESERVED_PREFIX)
				&& (WireNames.SUBSCRIBE.equals(name) || WireNames.UNSUBSCRIBE.equals(name))) {
			ServerCall call = this.topics.request(message, this.runtime.observe(message, true, this.peer),
					WireNames.SUBSCRIBE.equals(name));
			if (call != null) {
				enqueue(call);
			}
			return;
		}
		ServiceMethod method = this.runtime.registry.get(message.method());
		CallObservers.Observation observation = this.runtime.observe(message, method != null, this.peer);
		if (method == null) {
			refuse(message.rid(), ErrorCode.METHOD_NOT_FOUND,
					"method '" + message.method() + "' is not exposed by this server", observation);
			return;
		}
		if (this.runtime.isShuttingDown()) {
			refuse(message.rid(), ErrorCode.SHUTTING_DOWN, "the server is shutting down", observation);
			return;
		}
		Object[] arguments;
		try {
			arguments = method.bindArguments(message.args());
		}
		catch (CallException ex) {
			refuse(message.rid(), ex.code(), ex.getMessage(), observation);
			return;
		}
		ServerCall call = new ServerCall(message.rid(), method, arguments, message.meta(), this, this.runtime,
				observation, message.stream(), null);
		if (call.stream && call.rid != null && method.isStreaming()) {
			this.streams.expect(call);
		}
		enqueue(call);
	}

	private void enqueue(ServerCall call) {
		if (runningCount() < this.runtime.maxInFlight) {
			start(call);
		}
		else {
			this.waiting.add(call);
		}
		updateAutoRead();
	}

	/**
	 * Cancels a streaming call that waits for a free slot: it never runs and is answered
	 * {@code CANCELLED} now.
	 * @return whether one was found
	 */
	private boolean cancelWaiting(Object rid) {
		for (Iterator<ServerCall> calls = this.waiting.iterator(); calls.hasNext();) {
			ServerCall call = calls.next();
			if (call.stream && call.rid != null && call.rid.equals(rid) && call.method.isStreaming()) {
				calls.remove();
				this.streams.ended(call);
				refuse(call.rid, ErrorCode.CANCELLED,
						"the client cancelled the call to method '" + call.method.name() + "'", call.observation);
				updateAutoRead();
				this.inputEnd.closeIfAnswered(isAnswered());
				return true;
			}
		}
		return false;
	}

	private void start(ServerCall call) {
		this.runtime.callStarted();
		boolean tracked = this.runningDirect == null;
		if (tracked) {
			this.runningDirect = call;
		}
		else {
			this.running.add(call);
		}
		try {
			if (call.method.isDirect()) {
				call.run();
			}
			else {
				this.runtime.executor.execute(call);
			}
		}
		catch (RejectedExecutionException ex) {
			forget(call);
			this.runtime.callFinished();
			if (this.runtime.isShuttingDown()) {
				refuse(call.rid, ErrorCode.SHUTTING_DOWN, "the server is shutting down", call.observation);
			}
			else {
				refuse(call.rid, ErrorCode.OVERLOADED,
						"the server's executor rejected the call to '" + call.method.name() + "'", call.observation);
			}
			return;
		}
		if (tracked && this.runningDirect == call) {
			// still running: on the executor, or a stage or a stream not complete yet
			this.runningDirect = null;
			this.running.add(call);
		}
	}

	/** Stops tracking a call as running; returns whether it was. */
	private boolean forget(ServerCall call) {
		if (call == this.runningDirect) {
			this.runningDirect = null;
			return true;
		}
		return this.running.remove(call);
	}

	IpcPeer peer() {
		return this.peer;
	}

	ByteBufAllocator alloc() {
		return this.ctx.alloc();
	}

	/**
	 * Runs on whichever thread finished the call, with its answer encoded there: writes
	 * it on the event loop. Answers produced while the event loop is reading are flushed
	 * once at the end of the read; answers arriving from other threads share a flush when
	 * they come together.
	 * @param answer the answer line, {@code null} for a notification
	 */
	void answered(ServerCall call, ByteBuf answer) {
		if (this.ctx.executor().inEventLoop()) {
			finish(call, answer);
			if (!this.reading && this.pendingWrites.get() == 0) {
				this.ctx.flush();
			}
			return;
		}
		this.pendingWrites.incrementAndGet();
		try {
			this.ctx.executor().execute(() -> {
				finish(call, answer);
				if (this.pendingWrites.decrementAndGet() == 0 && !this.reading) {
					this.ctx.flush();
				}
			});
		}
		catch (RejectedExecutionException ex) {
			ReferenceCountUtil.release(answer);
			call.ended(IpcServerObserver.CONNECTION_CLOSED);
		}
	}

	/**
	 * The method of a streaming call returned: subscribes to its items on the event loop.
	 */
	void streamOpened(ServerCall call, Object value) {
		onEventLoop(call, () -> this.streams.open(call, value, isRunning(call)));
	}

	/**
	 * The {@code @IpcTopic} method run for a {@code $subscribe} returned (or failed):
	 * subscribes the connection to its publisher, then answers.
	 */
	void topicOpened(ServerCall call, Object value, Throwable failure) {
		onEventLoop(call, () -> this.topics.opened(call, value, failure, isRunning(call)));
	}

	private void onEventLoop(ServerCall call, Runnable task) {
		if (this.ctx.executor().inEventLoop()) {
			task.run();
			return;
		}
		try {
			this.ctx.executor().execute(task);
		}
		catch (RejectedExecutionException ex) {
			call.ended(IpcServerObserver.CONNECTION_CLOSED);
		}
	}

	/** Runs on the event loop. */
	private void finish(ServerCall call, ByteBuf answer) {
		if (!this.streams.isEmpty()) {
			this.streams.ended(call);
		}
		if (forget(call)) {
			this.runtime.callFinished();
			if (answer != null) {
				write(answer);
			}
			call.ended(null);
		}
		else {
			// answered SHUTTING_DOWN already (which ended it), or its connection closed
			ReferenceCountUtil.release(answer);
			call.ended(IpcServerObserver.CONNECTION_CLOSED);
		}
		startWaiting();
		updateAutoRead();
		this.inputEnd.closeIfAnswered(isAnswered());
	}

	/** Runs on the event loop once the peer shut down its write side. */
	private void inputEnded() {
		if (this.inputEnd.end(isAnswered(), () -> drainAndClose(
				"the connection's input ended and method '%s' did not finish within the shutdown timeout"))) {
			logger.debug("Connection {} ended its input with {} call(s) running and {} waiting",
					Transports.describePeer(this.ctx.channel()), runningCount(), this.waiting.size());
		}
	}

	private boolean isAnswered() {
		return this.runningDirect == null && this.running.isEmpty() && this.waiting.isEmpty();
	}

	private int runningCount() {
		return this.running.size() + ((this.runningDirect != null) ? 1 : 0);
	}

	private boolean isRunning(ServerCall call) {
		return call == this.runningDirect || this.running.contains(call);
	}

	private void startWaiting() {
		while (!this.waiting.isEmpty() && runningCount() < this.runtime.maxInFlight) {
			ServerCall next = this.waiting.poll();
			if (this.runtime.isShuttingDown()) {
				refuse(next.rid, ErrorCode.SHUTTING_DOWN, "the server is shutting down", next.observation);
			}
			else {
				start(next);
			}
		}
	}

	private void updateAutoRead() {
		boolean read = this.waiting.size() <= this.runtime.maxInFlight && this.ctx.channel().isWritable();
		if (this.ctx.channel().config().isAutoRead() != read) {
			this.ctx.channel().config().setAutoRead(read);
		}
	}

	private void reply(Object rid, ErrorCode code, String message) {
		write(this.runtime.codec.encodeError(this.ctx.alloc(), rid, code, message));
	}

	/**
	 * Writes a line without flushing it, on the event loop: during a read, appended to
	 * the read's batch, which goes out as one buffer (one entry in the channel's outbound
	 * buffer, no promise per answer) when the read completes; otherwise, or when the line
	 * is long, on its own, after the batch.
	 */
	void write(ByteBuf line) {
		if (!this.reading || line.readableBytes() > MAX_BATCH / 4) {
			writeBatch();
			this.ctx.write(line, this.ctx.voidPromise());
			return;
		}
		if (this.batch == null) {
			this.batch = this.ctx.alloc().buffer(this.batchHint);
		}
		this.batch.writeBytes(line);
		line.release();
		if (this.batch.readableBytes() >= MAX_BATCH) {
			writeBatch();
		}
	}

	/** Writes the lines batched so far, before any other line. */
	private void writeBatch() {
		ByteBuf lines = this.batch;
		if (lines != null) {
			this.batch = null;
			this.batchHint = Math.max(MIN_BATCH, Math.min(MAX_BATCH, lines.readableBytes()));
			this.ctx.write(lines, this.ctx.voidPromise());
		}
	}

	/** Answers a call that does not run with an error, and ends its observation. */
	private void refuse(Object rid, ErrorCode code, String message, IpcServerObserver.CallObservation observation) {
		reply(rid, code, message);
		if (observation != null) {
			observation.callEnded(code.name(), null);
		}
	}

	/**
	 * Answers every call still running or waiting with {@code SHUTTING_DOWN}, then closes
	 * the connection. Runs on the event loop.
	 */
	ChannelFuture drainAndClose() {
		return drainAndClose("the server shut down before method '%s' finished");
	}

	private ChannelFuture drainAndClose(String reason) {
		if (!this.ctx.channel().isOpen()) {
			return this.ctx.channel().closeFuture();
		}
		writeBatch();
		List<ServerCall> left = new ArrayList<>(this.running);
		if (this.runningDirect != null) {
			left.add(this.runningDirect);
		}
		left.addAll(this.waiting);
		this.runtime.callsFinished(runningCount());
		this.running.clear();
		this.runningDirect = null;
		this.waiting.clear();
		for (ServerCall call : left) {
			if (call.rid != null) {
				reply(call.rid, ErrorCode.SHUTTING_DOWN, reason.formatted(call.method.name()));
			}
			call.ended(ErrorCode.SHUTTING_DOWN.name());
		}
		this.ctx.flush();
		return this.ctx.close();
	}

	private static boolean isBlank(byte[] bytes, int offset, int length) {
		for (int i = offset; i < offset + length; i++) {
			byte b = bytes[i];
			if (b != ' ' && b != '\t' && b != '\r') {
				return false;
			}
		}
		return true;
	}

}
