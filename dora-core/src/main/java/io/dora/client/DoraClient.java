package io.dora.client;

import io.dora.discovery.DoraLoadBalancer;
import io.dora.discovery.DoraServiceDiscovery;
import io.dora.observation.DoraClientObservationConvention;
import io.dora.protocol.DoraFrameWriter;
import io.micrometer.observation.ObservationRegistry;

/**
 * The machinery behind {@link DoraTemplate}: connections, provider selection and health, the frame writer, reply
 * decoding, per-API policies and the async result store. One per application; every template view shares it.
 */
public final class DoraClient {

	private final DoraClientSettings settings;

	private final DoraConnectionManager connections;

	private final DoraServiceDiscovery discovery;

	private final EndpointHealth health;

	private final DoraApiPolicies policies;

	private final AsyncResultStore asyncResults;

	private final DoraCaller caller;

	private final ReplyDecoder decoder;

	private final ObservationRegistry observationRegistry;

	private final DoraClientObservationConvention observationConvention;

	public DoraClient(DoraClientSettings settings, DoraConnectionManager connections, DoraServiceDiscovery discovery,
			DoraLoadBalancer balancer, EndpointHealth health, DoraFrameWriter writer, DoraApiPolicies policies) {
		this(settings, connections, discovery, balancer, health, writer, policies, ObservationRegistry.NOOP, null);
	}

	/**
	 * @param observationRegistry observes every call; {@link ObservationRegistry#NOOP} to observe nothing
	 * @param observationConvention names and tags the observations; {@code null} for the default
	 */
	public DoraClient(DoraClientSettings settings, DoraConnectionManager connections, DoraServiceDiscovery discovery,
			DoraLoadBalancer balancer, EndpointHealth health, DoraFrameWriter writer, DoraApiPolicies policies,
			ObservationRegistry observationRegistry, DoraClientObservationConvention observationConvention) {
		this(settings, connections, discovery, balancer, health, writer, policies, observationRegistry,
				observationConvention, OriginalProtocolGroups.NONE);
	}

	/**
	 * @param observationRegistry observes every call; {@link ObservationRegistry#NOOP} to observe nothing
	 * @param observationConvention names and tags the observations; {@code null} for the default
	 * @param originalGroups the groups whose providers speak the original PHP Dora RPC protocol
	 */
	public DoraClient(DoraClientSettings settings, DoraConnectionManager connections, DoraServiceDiscovery discovery,
			DoraLoadBalancer balancer, EndpointHealth health, DoraFrameWriter writer, DoraApiPolicies policies,
			ObservationRegistry observationRegistry, DoraClientObservationConvention observationConvention,
			OriginalProtocolGroups originalGroups) {
		this.observationRegistry = observationRegistry;
		this.observationConvention = observationConvention;
		this.settings = settings;
		this.connections = connections;
		this.discovery = discovery;
		this.health = health;
		this.policies = policies;
		this.asyncResults = new AsyncResultStore(settings.asyncMaxResults(), settings.asyncMaxAge(),
				connections.stats());
		this.caller = new DoraCaller(connections, new ProviderSelector(discovery, balancer, health), health, writer,
				originalGroups);
		this.decoder = new ReplyDecoder(writer.codec(), connections.stats(), settings.maxFrameLength());
	}

	public DoraClientSettings settings() {
		return this.settings;
	}

	public DoraConnectionManager connections() {
		return this.connections;
	}

	public DoraServiceDiscovery discovery() {
		return this.discovery;
	}

	public EndpointHealth health() {
		return this.health;
	}

	public DoraApiPolicies policies() {
		return this.policies;
	}

	public AsyncResultStore asyncResults() {
		return this.asyncResults;
	}

	public DoraClientStats stats() {
		return this.connections.stats();
	}

	ObservationRegistry observationRegistry() {
		return this.observationRegistry;
	}

	DoraClientObservationConvention observationConvention() {
		return this.observationConvention;
	}

	DoraCaller caller() {
		return this.caller;
	}

	ReplyDecoder decoder() {
		return this.decoder;
	}

}
