package io.dora.test.stub;

import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

import io.dora.handler.DoraApiInvoker;
import io.dora.handler.DoraControlCommands;
import io.dora.handler.DoraDispatcher;
import io.dora.handler.DoraInbound;
import io.dora.handler.DoraReplySink;
import io.dora.handler.DoraServerStats;
import io.dora.handler.InFlightLimiter;
import io.dora.handler.RecentCallCache;
import io.dora.protocol.ApiCall;
import io.dora.protocol.CallMode;
import io.dora.protocol.DoraJsonCodec;
import io.dora.protocol.RequestEnvelope;
import tools.jackson.databind.JsonNode;

/**
 * Records every API entry of a request when the request is decoded: on the transport's thread, before the
 * dispatcher acknowledges a mode 1 or 2 call, so a caller whose {@code send} returned finds its call recorded.
 */
final class RecordingDispatcher extends DoraDispatcher {

	private final Consumer<RecordedCall> recorder;

	private final DoraJsonCodec codec;

	RecordingDispatcher(DoraApiInvoker invoker, Executor executor, InFlightLimiter limiter,
			ScheduledExecutorService scheduler, DoraServerStats stats, DoraControlCommands control,
			RecentCallCache recentCalls, int maxApisPerRequest, Consumer<RecordedCall> recorder, DoraJsonCodec codec) {
		// Stubs may be told to answer slowly, so they stay on the business executor.
		super(invoker, executor, limiter, scheduler, stats, control, recentCalls, maxApisPerRequest, false);
		this.recorder = recorder;
		this.codec = codec;
	}

	@Override
	public void dispatch(DoraInbound inbound, DoraReplySink sink) {
		if (inbound.mode() == CallMode.CONTROL) {
			super.dispatch(inbound, sink);
			return;
		}
		DoraInbound.BodyDecoder body = () -> record(inbound.mode(), inbound.body().decode());
		super.dispatch(new DoraInbound(inbound.guid(), inbound.mode(), inbound.flags(), inbound.timeoutMillis(),
				inbound.receivedNanos(), body, inbound.authenticated()), sink);
	}

	private RequestEnvelope<JsonNode> record(CallMode mode, RequestEnvelope<JsonNode> request) {
		if (request.api() != null) {
			for (Map.Entry<String, ApiCall<JsonNode>> entry : request.api().entrySet()) {
				ApiCall<JsonNode> call = entry.getValue();
				this.recorder.accept(new RecordedCall((call != null) ? call.name() : null,
						(call != null) ? call.param() : null, mode, request.guid(), entry.getKey(), request.meta(),
						this.codec));
			}
		}
		return request;
	}

}
