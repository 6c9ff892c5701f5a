package io.dora.actuate;

import java.util.List;

/**
 * A provider group as this application's client sees it now (see {@link ClientGroups#describe(String)}): where
 * the view comes from and, for each provider, whether calls may go to it.
 *
 * @param group the group name
 * @param source where the view comes from and how fresh it is, as discovery reports it
 * @param registryFailure why the last read from Redis failed, or {@code null}; the view above keeps serving
 * @param providers the known providers
 */
public record GroupDescriptor(String group, String source, String registryFailure, List<ProviderDescriptor> providers) {

	/** A provider new calls may be sent to. */
	public static final String AVAILABLE = "available";

	/** A provider that is shutting down: it finishes its calls and gets no new ones. */
	public static final String DRAINING = "draining";

	/** A provider out of rotation for a while after repeated failures. */
	public static final String EJECTED = "ejected";

	/** The number of providers in a state. */
	public long count(String state) {
		return this.providers.stream().filter((provider) -> provider.state().equals(state)).count();
	}

	/** The endpoints of the providers in a state. */
	public List<String> endpoints(String state) {
		return this.providers.stream()
			.filter((provider) -> provider.state().equals(state))
			.map(ProviderDescriptor::endpoint)
			.toList();
	}

	/**
	 * One provider of a group.
	 *
	 * @param id the provider's instance id
	 * @param endpoint its address, {@code host:port}
	 * @param weight its share of calls
	 * @param state {@value #AVAILABLE}, {@value #DRAINING} or {@value #EJECTED}
	 * @param ejection why and for how long it is ejected, or {@code null}
	 * @param inFlight calls from this application waiting for its replies
	 */
	public record ProviderDescriptor(String id, String endpoint, int weight, String state, String ejection,
			int inFlight) {

	}

}
