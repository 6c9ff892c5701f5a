package io.dora.autoconfigure.diagnostics;

import io.dora.autoconfigure.InvalidDoraConfigurationException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a Dora property, or a combination of properties, that cannot work.
 */
class InvalidDoraConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InvalidDoraConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidDoraConfigurationException cause) {
		String description = "Invalid Dora configuration:" + System.lineSeparator() + System.lineSeparator()
				+ "\tProperty: " + cause.getProperty() + System.lineSeparator() + "\tReason: " + cause.getReason()
				+ System.lineSeparator();
		return new FailureAnalysis(description, cause.getAction(), cause);
	}

}
