package io.dora.netty;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;

/**
 * The pipeline of every Dora connection, on the server and the client side alike, in Dora's protocol and in the
 * original PHP protocol:
 *
 * <pre>
 * [TLS] -> flush consolidation -> [idle state] -> frame decoder -> Dora handler -> [customizations]
 * </pre>
 *
 * Frames are written as whole buffers (by {@link io.dora.protocol.DoraFrameWriter}, or the original protocol's
 * writer), so no encoder is needed. The decoder is stateful and made anew for each connection; which decoder and
 * handler a connection gets is the caller's choice.
 */
public final class DoraChannelInitializer extends ChannelInitializer<Channel> {

	private final Function<Channel, SslHandler> tls;

	private final long idleMillis;

	private final Supplier<? extends ChannelHandler> decoder;

	private final Supplier<? extends ChannelHandler> handler;

	private final Consumer<Channel> customizer;

	/**
	 * @param tls the TLS handler for a connection; {@code null} for plain TCP
	 * @param idleMillis an {@link io.netty.handler.timeout.IdleStateEvent} fires after this long without reading;
	 * 0 for never
	 * @param decoder makes the frame decoder of a connection, for example a
	 * {@link io.dora.protocol.DoraFrameDecoder}
	 * @param handler gives the handler of a connection (a shared instance, or a new one each time)
	 * @param customizer changes the pipeline afterwards; {@code null} for none
	 */
	public DoraChannelInitializer(Function<Channel, SslHandler> tls, long idleMillis,
			Supplier<? extends ChannelHandler> decoder, Supplier<? extends ChannelHandler> handler,
			Consumer<Channel> customizer) {
		this.tls = tls;
		this.idleMillis = idleMillis;
		this.decoder = decoder;
		this.handler = handler;
		this.customizer = customizer;
	}

	@Override
	protected void initChannel(Channel channel) {
		ChannelPipeline pipeline = channel.pipeline();
		if (this.tls != null) {
			pipeline.addLast(this.tls.apply(channel));
		}
		// Frames written by many threads at once leave in one syscall instead of one each.
		pipeline.addLast(
				new FlushConsolidationHandler(FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true));
		if (this.idleMillis > 0) {
			pipeline.addLast(new IdleStateHandler(this.idleMillis, 0, 0, TimeUnit.MILLISECONDS));
		}
		pipeline.addLast(this.decoder.get());
		pipeline.addLast(this.handler.get());
		if (this.customizer != null) {
			this.customizer.accept(channel);
		}
	}

}
