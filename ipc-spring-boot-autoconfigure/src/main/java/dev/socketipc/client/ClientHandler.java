package dev.socketipc.client;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import dev.socketipc.protocol.WireFormatException;
import dev.socketipc.protocol.WireMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Reads the server's lines on a client connection and hands them to the {@link IpcConnection}.
 */
final class ClientHandler extends ChannelInboundHandlerAdapter {

	private static final Logger logger = LoggerFactory.getLogger(ClientHandler.class);

	private final IpcConnection connection;

	ClientHandler(IpcConnection connection) {
		this.connection = connection;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		ByteBuf line = (ByteBuf) msg;
		WireMessage message;
		try {
			if (line.readableBytes() == 0) {
				return;
			}
			byte[] bytes = ByteBufUtil.getBytes(line);
			message = this.connection.codec().decode(bytes, 0, bytes.length);
		}
		catch (WireFormatException ex) {
			logger.warn("Ignoring a malformed line from {}: {}", this.connection.address(), ex.getMessage());
			return;
		}
		finally {
			line.release();
		}
		if ("register".equals(message.action())) {
			this.connection.onRegister(ctx.channel(), methodNames(message.methods()));
		}
		else if (message.success() != null) {
			this.connection.onResponse(message);
		}
		else if (!"pong".equals(message.action())) {
			logger.debug("Ignoring a message from {} that is neither a register nor a response",
					this.connection.address());
		}
	}

	private static List<String> methodNames(JsonNode methods) {
		List<String> names = new ArrayList<>();
		if (methods != null && methods.isArray()) {
			for (JsonNode method : methods) {
				names.add(method.asString());
			}
		}
		return names;
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		this.connection.onDisconnected(ctx.channel());
		ctx.fireChannelInactive();
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		if (cause instanceof IOException) {
			logger.debug("Connection to {} failed: {}", this.connection.address(), cause.toString());
		}
		else {
			logger.warn("Closing the connection to {} after an unexpected error", this.connection.address(), cause);
		}
		ctx.close();
	}

}
