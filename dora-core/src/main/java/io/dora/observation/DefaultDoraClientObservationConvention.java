package io.dora.observation;

import io.dora.observation.DoraObservationDocumentation.HighCardinalityKeys;
import io.micrometer.common.KeyValues;

/**
 * Observations of outgoing calls named {@code dora.client.requests}, tagged with the called API name, group, mode,
 * outcome, code and transport. The client cannot know the provider's patterns, so names that embed ids make the
 * {@code api} tag unbounded; Dora's metrics configuration caps the number of distinct values.
 */
public class DefaultDoraClientObservationConvention implements DoraClientObservationConvention {

	@Override
	public String getName() {
		return "dora.client.requests";
	}

	@Override
	public String getContextualName(DoraClientObservationContext context) {
		return "dora " + context.getApiName();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(DoraClientObservationContext context) {
		return DoraObservationDocumentation.lowCardinalityKeyValues(String.valueOf(context.getApiName()),
				context.getGroup(), context.getMode(), context.getCode(), "tcp");
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(DoraClientObservationContext context) {
		return KeyValues.of(HighCardinalityKeys.GUID.withValue(String.valueOf(context.getGuid())));
	}

}
