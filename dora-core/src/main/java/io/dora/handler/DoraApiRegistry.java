package io.dora.handler;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * All {@code @DoraApi} handlers by path, shared by every transport. Exact paths are found with one map lookup;
 * patterns are tried most specific first. Registration happens while the context starts; lookups happen after.
 */
public class DoraApiRegistry {

	private static final Log logger = LogFactory.getLog(DoraApiRegistry.class);

	private final PathPatternParser parser = PathPatternParser.defaultInstance;

	private final Map<String, DoraApiMethod> exact = new HashMap<>();

	private final Map<PathPattern, DoraApiMethod> patterns = new LinkedHashMap<>();

	private volatile List<Map.Entry<PathPattern, DoraApiMethod>> sortedPatterns = List.of();

	/**
	 * Adds a handler.
	 * @throws DuplicateDoraApiException if another handler already has the same path, naming both
	 * @throws InvalidDoraApiException if the handler has no path
	 */
	public synchronized void register(DoraApiMethod method) {
		String path = method.path();
		if (path == null || path.isBlank()) {
			throw new InvalidDoraApiException("", method.beanType().getName() + "." + method.method().getName() + "()",
					"the path is empty",
					"Give the annotation the API name to serve, such as @DoraApi(\"/module_a/abc\").");
		}
		PathPattern pattern = this.parser.parse(path);
		DoraApiMethod existing = pattern.hasPatternSyntax() ? this.patterns.get(pattern) : this.exact.get(path);
		if (existing != null) {
			throw new DuplicateDoraApiException(path, existing, method);
		}
		if (pattern.hasPatternSyntax()) {
			this.patterns.put(pattern, method);
			List<Map.Entry<PathPattern, DoraApiMethod>> sorted = new ArrayList<>(this.patterns.entrySet());
			sorted.sort(Map.Entry.comparingByKey(PathPattern.SPECIFICITY_COMPARATOR));
			this.sortedPatterns = List.copyOf(sorted);
		}
		else {
			this.exact.put(path, method);
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Mapped Dora API " + method);
		}
	}

	/** The handler for an API name, with the variables its pattern captured, or {@code null} when none matches. */
	public Match lookup(String name) {
		if (name == null) {
			return null;
		}
		DoraApiMethod method = this.exact.get(name);
		if (method != null) {
			return new Match(method, Map.of());
		}
		List<Map.Entry<PathPattern, DoraApiMethod>> candidates = this.sortedPatterns;
		if (candidates.isEmpty()) {
			return null;
		}
		PathContainer container = PathContainer.parsePath(name);
		for (Map.Entry<PathPattern, DoraApiMethod> candidate : candidates) {
			PathPattern.PathMatchInfo info = candidate.getKey().matchAndExtract(container);
			if (info != null) {
				return new Match(candidate.getValue(), info.getUriVariables());
			}
		}
		return null;
	}

	/** Every registered handler, exact paths first, in a stable order. */
	public synchronized List<DoraApiMethod> handlers() {
		List<DoraApiMethod> all = new ArrayList<>(this.exact.values());
		all.sort(Comparator.comparing(DoraApiMethod::path));
		this.sortedPatterns.forEach((entry) -> all.add(entry.getValue()));
		return Collections.unmodifiableList(all);
	}

	public synchronized int size() {
		return this.exact.size() + this.patterns.size();
	}

	public boolean isEmpty() {
		return size() == 0;
	}

	/**
	 * A handler found for a name.
	 *
	 * @param method the handler
	 * @param pathVariables what the pattern captured
	 */
	public record Match(DoraApiMethod method, Map<String, String> pathVariables) {

	}

}
