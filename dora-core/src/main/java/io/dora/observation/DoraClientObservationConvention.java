package io.dora.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags observations of outgoing calls; define a bean to change them.
 */
public interface DoraClientObservationConvention extends ObservationConvention<DoraClientObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof DoraClientObservationContext;
	}

}
