package io.dora.autoconfigure;

import java.time.Duration;

import io.dora.handler.DoraDispatcher;
import io.dora.protocol.DoraJsonCodec;
import io.dora.protocol.FrameBufferBudget;
import io.dora.security.SignatureChecker;
import io.dora.web.DoraHttpBasePath;
import io.dora.web.DoraHttpController;
import io.dora.web.DoraHttpSettings;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.coyote.http11.AbstractHttp11Protocol;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.TomcatProtocolHandlerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
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

	@Bean("io.dora.web.DoraHttpController")
	@ConditionalOnMissingBean
	DoraHttpController doraHttpController(DoraDispatcher dispatcher, DoraJsonCodec codec,
			DoraServerProperties serverProperties, DoraHttpProperties properties,
			ObjectProvider<SignatureChecker> signatures, FrameBufferBudget budget) {
		int maxBodyLength = (int) Math.min(Integer.MAX_VALUE, serverProperties.getMaxFrameLength().toBytes());
		return new DoraHttpController(dispatcher, codec, new DoraHttpSettings(maxBodyLength, properties.getTimeout(),
				properties.getMaxTimeout(), bodyReadTimeout(properties, serverProperties)), signatures.getIfUnique(),
				budget);
	}

	@Bean("io.dora.web.DoraHttpBasePath")
	@ConditionalOnMissingBean
	DoraHttpBasePath doraHttpBasePath(DoraHttpProperties properties) {
		return new DoraHttpBasePath(properties.getBasePath());
	}

	static Duration bodyReadTimeout(DoraHttpProperties properties, DoraServerProperties serverProperties) {
		return (properties.getBodyReadTimeout() != null) ? properties.getBodyReadTimeout()
				: serverProperties.getFrameReadTimeout();
	}

	/**
	 * Tomcat waits for request bodies as long as for a new request line (server.tomcat.connection-timeout) unless
	 * told otherwise: a body that stops arriving would hold its thread that long, past Dora's body read timeout,
	 * which is checked only between reads. This makes Tomcat give up on a body after the same timeout without a
	 * byte, so a stalled upload frees its thread after at most the body read timeout.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ TomcatProtocolHandlerCustomizer.class, AbstractHttp11Protocol.class })
	static class TomcatBodyReadTimeoutConfiguration {

		@Bean
		TomcatProtocolHandlerCustomizer<AbstractHttp11Protocol<?>> doraTomcatBodyReadTimeout(
				DoraHttpProperties properties, DoraServerProperties serverProperties) {
			int millis = (int) Math.min(Integer.MAX_VALUE, bodyReadTimeout(properties, serverProperties).toMillis());
			return (protocol) -> {
				protocol.setDisableUploadTimeout(false);
				protocol.setConnectionUploadTimeout(millis);
			};
		}

	}

}
