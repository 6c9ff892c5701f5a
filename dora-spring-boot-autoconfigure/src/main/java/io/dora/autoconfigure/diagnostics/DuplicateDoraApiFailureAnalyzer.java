package io.dora.autoconfigure.diagnostics;

import io.dora.handler.DoraApiMethod;
import io.dora.handler.DuplicateDoraApiException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains two {@code @DoraApi} handlers mapped to the same path or pattern.
 */
class DuplicateDoraApiFailureAnalyzer extends AbstractFailureAnalyzer<DuplicateDoraApiException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, DuplicateDoraApiException cause) {
		String description = "Two @DoraApi handlers are mapped to '" + cause.getPath() + "':" + System.lineSeparator()
				+ System.lineSeparator() + "\t" + describe(cause.getExisting()) + System.lineSeparator() + "\t"
				+ describe(cause.getDuplicate()) + System.lineSeparator();
		String action = "Map one of them to another path, or remove one of them. A path and a pattern that match "
				+ "the same names may coexist (the exact path, or the more specific pattern, wins); the same path "
				+ "or pattern twice may not.";
		return new FailureAnalysis(description, action, cause);
	}

	private static String describe(DoraApiMethod method) {
		return "bean '" + method.beanName() + "': " + method.beanType().getName() + "." + method.method().getName()
				+ "()";
	}

}
