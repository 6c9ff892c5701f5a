package io.dora.autoconfigure;

import io.dora.handler.DoraDispatcher;
import io.dora.protocol.DoraJsonCodec;
import io.dora.web.DoraHttpBasePath;
import io.dora.web.DoraHttpController;
import io.dora.web.DoraHttpSettings;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * Auto-configuration of Dora's HTTP endpoint on Spring MVC: the original Dora HTTP contract and {@code /call},
 * served by the dispatcher the TCP server uses. Active in a servlet web application that serves {@code @DoraApi}
 * handlers; switched off with {@code dora.server.http.enabled=false}.
 */
@AutoConfiguration(after = DoraServerAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ DispatcherServlet.class, HttpServletRequest.class })
@ConditionalOnBean(DoraDispatcher.class)
@ConditionalOnBooleanProperty(name = "dora.server.http.enabled", matchIfMissing = true)
@EnableConfigurationProperties(DoraHttpProperties.class)
public final class DoraWebMvcAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	DoraHttpController doraHttpController(DoraDispatcher dispatcher, DoraJsonCodec codec,
			DoraServerProperties serverProperties, DoraHttpProperties properties, DoraSecurityProperties security) {
		int maxBodyLength = (int) Math.min(Integer.MAX_VALUE, serverProperties.getMaxFrameLength().toBytes());
		return new DoraHttpController(dispatcher, codec,
				new DoraHttpSettings(maxBodyLength, properties.getTimeout(), properties.getMaxTimeout()),
				DoraSecurity.checker(security));
	}

	@Bean
	@ConditionalOnMissingBean
	DoraHttpBasePath doraHttpBasePath(DoraHttpProperties properties) {
		return new DoraHttpBasePath(properties.getBasePath());
	}

}
