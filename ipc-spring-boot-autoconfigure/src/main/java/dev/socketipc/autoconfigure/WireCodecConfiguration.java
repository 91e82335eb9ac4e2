package dev.socketipc.autoconfigure;

import dev.socketipc.protocol.WireCodec;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The codec shared by the IPC server and clients, built from the application's
 * {@link JsonMapper} when there is one (so its modules apply), never pretty-printing,
 * never with default typing, and with strict conversions unless
 * {@code ipc.codec.lenient-coercion} is set.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IpcCodecProperties.class)
class WireCodecConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WireCodec ipcWireCodec(ObjectProvider<JsonMapper> jsonMapper, IpcCodecProperties properties) {
		JsonMapper mapper = jsonMapper.getIfUnique();
		return WireCodec.of((mapper != null) ? mapper : JsonMapper.builder().build(), properties.isLenientCoercion());
	}

}
