package io.dora.server.original;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import io.dora.handler.DoraDispatcher;
import io.dora.protocol.FrameBufferBudget;
import io.dora.protocol.original.OriginalEnvelopes;
import io.dora.protocol.original.OriginalWireOptions;
import io.dora.server.DoraServerCustomizer;
import io.dora.server.DoraServerFactory;
import io.dora.server.DoraServerSettings;
import tools.jackson.databind.json.JsonMapper;

/**
 * Creates {@link OriginalProtocolServer}s, the ports for clients of the original PHP Dora RPC: how to listen
 * comes from {@link DoraServerSettings} (the original-protocol port, with the limits of Dora's own), the wire
 * options are the switches the PHP side sets, and optionally customizers adjust the bootstrap and the pipeline.
 */
public class OriginalProtocolServerFactory implements DoraServerFactory {

	private final DoraServerSettings settings;

	private final OriginalWireOptions options;

	private final OriginalEnvelopes envelopes;

	private boolean controlAllowed;

	private FrameBufferBudget budget;

	private final List<DoraServerCustomizer> customizers = new ArrayList<>();

	/**
	 * @param settings how to listen and guard connections
	 * @param options the original's signature and compression switches, as the PHP side sets them
	 * @param mapper turns handler results into PHP values
	 */
	public OriginalProtocolServerFactory(DoraServerSettings settings, OriginalWireOptions options, JsonMapper mapper) {
		this.settings = settings;
		this.options = options;
		this.envelopes = new OriginalEnvelopes(mapper);
	}

	/**
	 * Whether control commands ({@code getStat}, {@code reloadTask}) are answered on the port; {@code false} (the
	 * default) refuses them, since the port authenticates nobody.
	 */
	public void setControlAllowed(boolean controlAllowed) {
		this.controlAllowed = controlAllowed;
	}

	/**
	 * What frames still arriving may hold, shared for example with Dora's own port and the HTTP endpoint;
	 * {@code null} (the default) gives each server a budget of {@link DoraServerSettings#maxBufferedBytes()} of its
	 * own.
	 */
	public void setBudget(FrameBufferBudget budget) {
		this.budget = budget;
	}

	/** Adds customizers, applied after those already added. */
	public void addCustomizers(DoraServerCustomizer... customizers) {
		this.customizers.addAll(Arrays.asList(customizers));
	}

	/** Replaces the customizers. */
	public void setCustomizers(Collection<? extends DoraServerCustomizer> customizers) {
		this.customizers.clear();
		this.customizers.addAll(customizers);
	}

	public DoraServerSettings getSettings() {
		return this.settings;
	}

	@Override
	public OriginalProtocolServer getServer(DoraDispatcher dispatcher) {
		FrameBufferBudget serverBudget = (this.budget != null) ? this.budget
				: new FrameBufferBudget(this.settings.maxBufferedBytes());
		return new OriginalProtocolServer(this.settings, serverBudget, dispatcher, this.options, this.envelopes,
				this.controlAllowed, this.customizers);
	}

}
