package io.dora.client.connection;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.dora.discovery.DoraEndpoint;
import io.dora.discovery.DoraGroupView;
import io.dora.discovery.DoraGroupViewListener;
import io.dora.discovery.DoraInstance;
import io.dora.discovery.DoraServiceDiscovery;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Closes the connections to a provider once it has left every group this client knows and no call is in flight on
 * them. Calls still running are not aborted: a provider that left because it shut down gracefully has finished them
 * anyway, and one that left the view for a moment (a Redis restart) comes back without losing any.
 */
public class DepartedProviderConnections implements DoraGroupViewListener, AutoCloseable {

	private static final Log logger = LogFactory.getLog(DepartedProviderConnections.class);

	private static final long RECHECK_MILLIS = 500;

	private final DoraConnectionManager connections;

	private final DoraServiceDiscovery discovery;

	private final ScheduledThreadPoolExecutor executor;

	/**
	 * @param connections the client's connections
	 * @param discovery every group the client knows, to tell whether a provider is still in one of them
	 */
	public DepartedProviderConnections(DoraConnectionManager connections, DoraServiceDiscovery discovery) {
		this.connections = connections;
		this.discovery = discovery;
		CustomizableThreadFactory threads = new CustomizableThreadFactory("dora-departed-connections-");
		threads.setDaemon(true);
		this.executor = new ScheduledThreadPoolExecutor(1, threads);
	}

	@Override
	public void viewChanged(DoraGroupView previous, DoraGroupView current) {
		Set<DoraEndpoint> departed = endpoints(previous);
		departed.removeAll(endpoints(current));
		departed.forEach((endpoint) -> schedule(endpoint, 0));
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
	}

	private void schedule(DoraEndpoint endpoint, long delayMillis) {
		if (!this.executor.isShutdown()) {
			this.executor.schedule(() -> check(endpoint), delayMillis, TimeUnit.MILLISECONDS);
		}
	}

	private void check(DoraEndpoint endpoint) {
		if (isStillKnown(endpoint)) {
			return;
		}
		if (this.connections.inFlight(endpoint) > 0) {
			schedule(endpoint, RECHECK_MILLIS);
			return;
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Closing connections to Dora provider " + endpoint + ": it left its groups");
		}
		this.connections.close(endpoint);
	}

	private boolean isStillKnown(DoraEndpoint endpoint) {
		for (String group : this.discovery.knownGroups()) {
			if (endpoints(this.discovery.view(group)).contains(endpoint)) {
				return true;
			}
		}
		return false;
	}

	private static Set<DoraEndpoint> endpoints(DoraGroupView view) {
		Set<DoraEndpoint> endpoints = new HashSet<>();
		for (DoraInstance instance : view.instances()) {
			endpoints.add(instance.endpoint());
		}
		return endpoints;
	}

}
