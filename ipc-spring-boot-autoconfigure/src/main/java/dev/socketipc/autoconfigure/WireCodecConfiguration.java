package dev.socketipc.autoconfigure;

import dev.socketipc.protocol.WireCodec;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The codec shared by the IPC server and clients, built from the application's {@link JsonMapper} when there is one
 * (so its modules apply), never pretty-printing and never with default typing.
 */
@Configuration(proxyBeanMethods = false)
class WireCodecConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WireCodec ipcWireCodec(ObjectProvider<JsonMapper> jsonMapper) {
		JsonMapper mapper = jsonMapper.getIfUnique();
		return (mapper != null) ? WireCodec.of(mapper) : WireCodec.create();
	}

}
