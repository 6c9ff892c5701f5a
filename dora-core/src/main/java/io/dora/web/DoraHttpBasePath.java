package io.dora.web;

import org.springframework.web.method.HandlerTypePredicate;
import org.springframework.web.servlet.config.annotation.PathMatchConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Places the {@link DoraHttpController} (or a bean extending it) under the configured base path, leaving every
 * other controller of the application where it is.
 */
public class DoraHttpBasePath implements WebMvcConfigurer {

	private final String prefix;

	/**
	 * @param basePath the base path; {@code null}, empty or {@code "/"} keeps the original paths
	 */
	public DoraHttpBasePath(String basePath) {
		this.prefix = normalize(basePath);
	}

	/** The base path with one leading slash and no trailing one; empty for none. */
	public String prefix() {
		return this.prefix;
	}

	@Override
	public void configurePathMatch(PathMatchConfigurer configurer) {
		if (!this.prefix.isEmpty()) {
			configurer.addPathPrefix(this.prefix, HandlerTypePredicate.forAssignableType(DoraHttpController.class));
		}
	}

	static String normalize(String basePath) {
		if (basePath == null) {
			return "";
		}
		String trimmed = basePath.strip();
		while (trimmed.endsWith("/")) {
			trimmed = trimmed.substring(0, trimmed.length() - 1);
		}
		if (trimmed.isEmpty()) {
			return "";
		}
		return trimmed.startsWith("/") ? trimmed : "/" + trimmed;
	}

}
