package io.dora.autoconfigure;

import io.dora.protocol.DoraJsonCodec;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The JSON codec of Dora bodies, shared by server and client. It uses the application's {@link JsonMapper} when
 * there is one, so the application's Jackson settings apply to Dora payloads too.
 */
@Configuration(proxyBeanMethods = false)
class DoraCodecConfiguration {

	@Bean("io.dora.protocol.DoraJsonCodec")
	@ConditionalOnMissingBean
	DoraJsonCodec doraJsonCodec(ObjectProvider<JsonMapper> jsonMapper) {
		return new DoraJsonCodec(jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()));
	}

}
