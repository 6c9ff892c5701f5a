package io.dora.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags observations of served calls; define a bean to change them.
 */
public interface DoraServerObservationConvention extends ObservationConvention<DoraServerObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof DoraServerObservationContext;
	}

}
