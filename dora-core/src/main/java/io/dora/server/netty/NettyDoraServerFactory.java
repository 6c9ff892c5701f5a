package io.dora.server.netty;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import io.dora.handler.DoraDispatcher;
import io.dora.protocol.DoraFrameWriter;
import io.dora.protocol.FrameBufferBudget;
import io.dora.security.FrameVerifier;
import io.dora.server.DoraServerCustomizer;
import io.dora.server.DoraServerFactory;
import io.dora.server.DoraServerSettings;
import io.netty.handler.ssl.SslContext;

/**
 * Creates {@link NettyDoraServer}s: how to listen comes from {@link DoraServerSettings}, replies are encoded by
 * the {@link DoraFrameWriter}, and optionally requests must be signed, connections use TLS, and customizers adjust
 * the bootstrap and the pipeline.
 */
public class NettyDoraServerFactory implements DoraServerFactory {

	private final DoraServerSettings settings;

	private final DoraFrameWriter writer;

	private FrameVerifier frameVerifier;

	private SslContext sslContext;

	private boolean clientCertificatesRequired;

	private FrameBufferBudget budget;

	private final List<DoraServerCustomizer> customizers = new ArrayList<>();

	/**
	 * @param settings how to listen and guard connections
	 * @param writer encodes replies
	 */
	public NettyDoraServerFactory(DoraServerSettings settings, DoraFrameWriter writer) {
		this.settings = settings;
		this.writer = writer;
	}

	/** Checks request signatures; {@code null} (the default) accepts unsigned requests. */
	public void setFrameVerifier(FrameVerifier frameVerifier) {
		this.frameVerifier = frameVerifier;
	}

	/** TLS for every connection; {@code null} (the default) for plain TCP. */
	public void setSslContext(SslContext sslContext) {
		this.sslContext = sslContext;
	}

	/** Whether the TLS context requires a client certificate (mutual TLS); only for the open-provider warning. */
	public void setClientCertificatesRequired(boolean clientCertificatesRequired) {
		this.clientCertificatesRequired = clientCertificatesRequired;
	}

	/**
	 * What frames still arriving may hold, shared for example with the HTTP endpoint's bodies; {@code null} (the
	 * default) gives each server a budget of {@link DoraServerSettings#maxBufferedBytes()} of its own.
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
	public NettyDoraServer getServer(DoraDispatcher dispatcher) {
		FrameBufferBudget serverBudget = (this.budget != null) ? this.budget
				: new FrameBufferBudget(this.settings.maxBufferedBytes());
		return new NettyDoraServer(this.settings, dispatcher, this.writer, this.frameVerifier, this.sslContext,
				serverBudget, this.clientCertificatesRequired, this.customizers);
	}

}
