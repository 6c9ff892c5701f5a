package io.dora.autoconfigure.diagnostics;

import io.dora.client.proxy.InvalidDoraClientException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@code @DoraClient} interface that cannot be called, naming the method: no path, a return type no
 * call mode gives, several parameters without names.
 */
class InvalidDoraClientFailureAnalyzer extends AbstractFailureAnalyzer<InvalidDoraClientException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidDoraClientException cause) {
		String description = "@DoraClient " + cause.getDeclaration() + " cannot be called:"
				+ System.lineSeparator() + System.lineSeparator() + "\tReason: " + cause.getReason()
				+ System.lineSeparator();
		return new FailureAnalysis(description, cause.getAction(), cause);
	}

}
