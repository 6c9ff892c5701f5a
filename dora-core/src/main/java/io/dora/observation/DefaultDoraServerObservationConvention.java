package io.dora.observation;

import io.dora.observation.DoraObservationDocumentation.HighCardinalityKeys;
import io.micrometer.common.KeyValues;

/**
 * Observations of served calls named {@code dora.server.requests}, tagged with the handler's mapping (never the
 * called name, which patterns make unbounded), group, mode, outcome, code and transport.
 */
public class DefaultDoraServerObservationConvention implements DoraServerObservationConvention {

	@Override
	public String getName() {
		return "dora.server.requests";
	}

	@Override
	public String getContextualName(DoraServerObservationContext context) {
		return "dora " + context.getMapping();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(DoraServerObservationContext context) {
		return DoraObservationDocumentation.lowCardinalityKeyValues(context.getMapping(), context.getGroup(),
				context.getMode(), context.getCode(), context.getTransport());
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(DoraServerObservationContext context) {
		return KeyValues.of(HighCardinalityKeys.GUID.withValue(String.valueOf(context.getGuid())),
				HighCardinalityKeys.NAME.withValue(String.valueOf(context.getApiName())));
	}

}
