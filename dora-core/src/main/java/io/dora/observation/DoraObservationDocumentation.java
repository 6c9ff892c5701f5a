package io.dora.observation;

import io.micrometer.common.KeyValues;
import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations Dora makes: one per API call on each side. With Micrometer metrics they become the timers
 * {@code dora.client.requests} and {@code dora.server.requests}; with Micrometer Tracing, spans whose context
 * crosses the wire in the request's {@code meta}.
 */
public enum DoraObservationDocumentation implements ObservationDocumentation {

	/** A call handled by this provider, one per API entry, on TCP or HTTP. */
	SERVER(DefaultDoraServerObservationConvention.class),

	/** A call made through {@code DoraTemplate}. */
	CLIENT(DefaultDoraClientObservationConvention.class);

	private final Class<? extends ObservationConvention<? extends Observation.Context>> defaultConvention;

	DoraObservationDocumentation(Class<? extends ObservationConvention<? extends Observation.Context>> defaultConvention) {
		this.defaultConvention = defaultConvention;
	}

	@Override
	public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
		return this.defaultConvention;
	}

	@Override
	public KeyName[] getLowCardinalityKeyNames() {
		return LowCardinalityKeys.values();
	}

	@Override
	public KeyName[] getHighCardinalityKeyNames() {
		return HighCardinalityKeys.values();
	}

	/** The low-cardinality key values of one call, the same on both sides. */
	static KeyValues lowCardinalityKeyValues(String api, String group, String mode, int code, String transport) {
		return KeyValues.of(LowCardinalityKeys.API.withValue(api), LowCardinalityKeys.GROUP.withValue(group),
				LowCardinalityKeys.MODE.withValue(mode),
				LowCardinalityKeys.OUTCOME.withValue(DoraOutcome.of(code).name()),
				LowCardinalityKeys.CODE.withValue(String.valueOf(code)), LowCardinalityKeys.TRANSPORT.withValue(transport));
	}

	/** Tags with a bounded set of values, on metrics and spans. */
	public enum LowCardinalityKeys implements KeyName {

		/** The API: the handler's mapping on the provider, the called name on the client. */
		API {
			@Override
			public String asString() {
				return "api";
			}
		},

		/** The provider group the client called, or {@code none} for a fixed address. */
		GROUP {
			@Override
			public String asString() {
				return "group";
			}
		},

		/** The call mode: {@code 0}, {@code 1}, {@code 2} or {@code control}. */
		MODE {
			@Override
			public String asString() {
				return "mode";
			}
		},

		/** The outcome class of the code, see {@link DoraOutcome}. */
		OUTCOME {
			@Override
			public String asString() {
				return "outcome";
			}
		},

		/** The result code. */
		CODE {
			@Override
			public String asString() {
				return "code";
			}
		},

		/** {@code tcp} or {@code http}. */
		TRANSPORT {
			@Override
			public String asString() {
				return "transport";
			}
		}

	}

	/** Tags only spans carry. */
	public enum HighCardinalityKeys implements KeyName {

		/** The call's guid. */
		GUID {
			@Override
			public String asString() {
				return "dora.guid";
			}
		},

		/** The exact API name called (the provider's {@code api} tag is its mapping). */
		NAME {
			@Override
			public String asString() {
				return "dora.api.name";
			}
		}

	}

}
