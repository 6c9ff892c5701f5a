package io.dora.autoconfigure.diagnostics;

import io.dora.handler.InvalidDoraApiException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@code @DoraApi} class or method that cannot be served, such as a method with two parameters.
 */
class InvalidDoraApiFailureAnalyzer extends AbstractFailureAnalyzer<InvalidDoraApiException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidDoraApiException cause) {
		String description = "@DoraApi(\"" + cause.getPath() + "\") on " + cause.getDeclaration()
				+ " cannot be served:" + System.lineSeparator() + System.lineSeparator() + "\tReason: "
				+ cause.getReason() + System.lineSeparator();
		return new FailureAnalysis(description, cause.getAction(), cause);
	}

}
