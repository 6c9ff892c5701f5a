package io.dora.client;

import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.dora.client.connection.DoraClientHandler;
import io.dora.client.connection.DoraClientStats;
import io.dora.client.connection.DoraConnection;
import io.dora.client.connection.DoraConnectionSettings;
import io.dora.client.connection.NotSentException;
import io.dora.client.connection.RecentTimeouts;
import io.dora.discovery.DoraEndpoint;
import io.dora.discovery.StaticServiceDiscovery;
import io.dora.protocol.ApiCall;
import io.dora.protocol.CallMode;
import io.dora.protocol.DoraCodes;
import io.dora.protocol.DoraFrameDecoder;
import io.dora.protocol.DoraFrameWriter;
import io.dora.protocol.DoraJsonCodec;
import io.dora.protocol.DoraProtocol;
import io.dora.protocol.Guid;
import io.dora.protocol.MessageType;
import io.dora.protocol.ResponseEnvelope;
import io.dora.protocol.original.OriginalWireOptions;
import io.dora.test.ManualTimer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where {@link DoraCaller} sends each attempt of a call, and when it stops: the retry rules, over connections on
 * embedded channels (no sockets), with a hand-driven timer for the timeouts.
 */
class DoraCallerTests {

	private static final DoraEndpoint A = DoraEndpoint.parse("10.0.0.1:9567");

	private static final DoraEndpoint B = DoraEndpoint.parse("10.0.0.2:9567");

	private final DoraJsonCodec codec = new DoraJsonCodec(JsonMapper.builder().build());

	private final DoraFrameWriter writer = new DoraFrameWriter(this.codec, DoraProtocol.DEFAULT_MAX_FRAME_LENGTH, -1);

	private final ManualTimer timer = new ManualTimer();

	private final DoraClientStats stats = new DoraClientStats();

	private final RecentTimeouts recentTimeouts = new RecentTimeouts(16);

	private final EndpointHealth health = new EndpointHealth(100, Duration.ofSeconds(1), Duration.ofSeconds(10));

	private final Map<DoraEndpoint, Provider> providers = new LinkedHashMap<>();

	private int maxPendingCalls = 100;

	private final DoraCaller caller = new DoraCaller(this::connection,
			new StaticServiceDiscovery(Map.of("g", List.of(A, B))), (group, candidates) -> candidates.get(0),
			this.health, this.writer);

	@AfterEach
	void closeChannels() {
		this.providers.values().forEach(Provider::close);
	}

	@Test
	void requestThatCouldNotBeSentGoesToAnotherProviderWithoutUsingARetry() {
		Provider b = provider(B);
		CompletableFuture<CallOutcome> outcome = call(0);
		b.answer(DoraCodes.OK);
		assertThat(outcome.join().reply().endpoint()).isEqualTo(B);
		assertThat(this.health.snapshot()).containsKey(A.toString());
	}

	@Test
	void unsentRequestTriesEachProviderOnceThenFailsWithNoProvider() {
		CompletableFuture<CallOutcome> outcome = call(5);
		assertThat(failure(outcome)).isInstanceOfSatisfying(DoraClientException.class, (ex) -> {
			assertThat(ex.getCode()).isEqualTo(DoraCodes.NO_PROVIDER);
			assertThat(ex.getMessage()).contains(B.toString());
		});
	}

	@Test
	void busyProviderIsLeftForAnotherOneUsingARetry() {
		Provider a = provider(A);
		Provider b = provider(B);
		CompletableFuture<CallOutcome> outcome = call(1);
		Guid guid = a.answer(DoraCodes.SERVER_BUSY);
		assertThat(b.answer(DoraCodes.OK)).isEqualTo(guid);
		assertThat(outcome.join().reply().endpoint()).isEqualTo(B);
	}

	@Test
	void busyProviderWithoutRetriesLeftGivesTheBusyReply() {
		Provider a = provider(A);
		Provider b = provider(B);
		CompletableFuture<CallOutcome> outcome = call(0);
		a.answer(DoraCodes.SERVER_BUSY);
		assertThat(outcome.join().reply().code()).isEqualTo(DoraCodes.SERVER_BUSY);
		assertThat(b.requests()).isZero();
	}

	@Test
	void providerShuttingDownIsLeftWithoutUsingARetryAndItsConnectionIsRetired() {
		Provider a = provider(A);
		Provider b = provider(B);
		CompletableFuture<CallOutcome> outcome = call(0);
		a.answer(DoraCodes.SHUTTING_DOWN);
		b.answer(DoraCodes.OK);
		assertThat(outcome.join().reply().endpoint()).isEqualTo(B);
		assertThat(a.connection.isActive()).isFalse();
	}

	@Test
	void timedOutAttemptIsRepeatedOnTheSameProviderWithTheSameGuid() {
		Provider a = provider(A);
		Provider b = provider(B);
		CompletableFuture<CallOutcome> outcome = call(1);
		Guid first = a.nextRequest();
		this.timer.advance(1, TimeUnit.SECONDS);
		// The provider may have executed it: asked again, it deduplicates by guid.
		assertThat(a.answer(DoraCodes.OK)).isEqualTo(first);
		assertThat(a.flagsOfLastRequest & DoraProtocol.FLAG_DEDUPLICATE).isNotZero();
		assertThat(outcome.join().reply().endpoint()).isEqualTo(A);
		assertThat(b.requests()).isZero();
		assertThat(this.stats.timeouts()).isEqualTo(1);
	}

	@Test
	void timedOutAttemptWithoutRetriesFailsWithTimeout() {
		Provider a = provider(A);
		CompletableFuture<CallOutcome> outcome = call(0);
		a.nextRequest();
		this.timer.advance(1, TimeUnit.SECONDS);
		assertThat(failure(outcome)).isInstanceOfSatisfying(DoraTimeoutException.class, (ex) -> {
			assertThat(ex.getCode()).isEqualTo(DoraCodes.TIMEOUT);
			assertThat(ex.getMessage()).contains("no reply from " + A + " within 1000 ms");
		});
	}

	@Test
	void connectionLostAfterTheWriteRepeatsOnTheSameProvider() {
		Provider a = provider(A);
		Provider b = provider(B);
		CompletableFuture<CallOutcome> outcome = call(1);
		Guid first = a.nextRequest();
		a.dropConnection();
		assertThat(a.answer(DoraCodes.OK)).isEqualTo(first);
		assertThat(outcome.join().reply().endpoint()).isEqualTo(A);
		assertThat(b.requests()).isZero();
	}

	@Test
	void connectionLostWithoutRetriesFailsWith100012() {
		Provider a = provider(A);
		CompletableFuture<CallOutcome> outcome = call(0);
		a.nextRequest();
		a.dropConnection();
		assertThat(failure(outcome)).isInstanceOfSatisfying(DoraClientException.class,
				(ex) -> assertThat(ex.getCode()).isEqualTo(DoraCodes.CONNECTION_CLOSED));
	}

	@Test
	void fullConnectionSendsTheCallElsewhereOrFailsWith100024() {
		this.maxPendingCalls = 1;
		Provider a = provider(A);
		Provider b = provider(B);
		CompletableFuture<CallOutcome> first = call(0);
		CompletableFuture<CallOutcome> second = call(0);
		CompletableFuture<CallOutcome> third = call(0);
		assertThat(a.requests()).isEqualTo(1);
		assertThat(b.requests()).isEqualTo(1);
		assertThat(failure(third)).isInstanceOfSatisfying(DoraClientException.class,
				(ex) -> assertThat(ex.getCode()).isEqualTo(DoraCodes.TOO_MANY_PENDING));
		a.answer(DoraCodes.OK);
		b.answer(DoraCodes.OK);
		assertThat(first.join().reply().endpoint()).isEqualTo(A);
		assertThat(second.join().reply().endpoint()).isEqualTo(B);
		// A full connection says nothing about the provider's health.
		assertThat(this.health.snapshot()).isEmpty();
	}

	@Test
	void originalProtocolGroupIsNeverSentInDorasProtocolBySourceThatSpeaksOnlyDoras() {
		Provider a = provider(A);
		Provider b = provider(B);
		DoraCaller originalCaller = new DoraCaller(this::connection,
				new StaticServiceDiscovery(Map.of("g", List.of(A, B))), (group, candidates) -> candidates.get(0),
				this.health, this.writer, new OriginalProtocolGroups(Map.of("g", OriginalWireOptions.DEFAULTS)));
		CompletableFuture<CallOutcome> outcome = originalCaller.call(new CallSpec(DoraTarget.group("g"),
				CallMode.SYNC, false, Map.of("one", new ApiCall<>("/echo", "x")), Duration.ofSeconds(1), 2, Map.of()),
				Guid.random());
		assertThat(failure(outcome)).isInstanceOfSatisfying(DoraClientException.class,
				(ex) -> assertThat(ex.getCode()).isEqualTo(DoraCodes.NO_PROVIDER));
		assertThat(a.requests()).isZero();
		assertThat(b.requests()).isZero();
	}

	private CompletableFuture<CallOutcome> call(int retries) {
		Map<String, ApiCall<?>> api = Map.of("one", new ApiCall<>("/echo", "x"));
		return this.caller.call(new CallSpec(DoraTarget.group("g"), CallMode.SYNC, false, api, Duration.ofSeconds(1),
				retries, Map.of()), Guid.random());
	}

	private static Throwable failure(CompletableFuture<?> future) {
		assertThat(future).isCompletedExceptionally();
		return DoraCaller.asDoraException(future.handle((value, ex) -> ex).join());
	}

	private CompletableFuture<DoraConnection> connection(DoraEndpoint endpoint) {
		Provider provider = this.providers.get(endpoint);
		if (provider == null) {
			return CompletableFuture.failedFuture(new NotSentException(endpoint, new ConnectException("refused")));
		}
		return CompletableFuture.completedFuture(provider.connection());
	}

	private Provider provider(DoraEndpoint endpoint) {
		Provider provider = new Provider(endpoint);
		this.providers.put(endpoint, provider);
		return provider;
	}

	/** A provider at the far end of an embedded channel, answering as the test says. */
	private final class Provider {

		private final DoraEndpoint endpoint;

		private final List<EmbeddedChannel> channels = new ArrayList<>();

		private DoraConnection connection;

		private int requests;

		private int flagsOfLastRequest;

		Provider(DoraEndpoint endpoint) {
			this.endpoint = endpoint;
		}

		/** The open connection, or a new one, as the connection manager re-opens a dropped one. */
		DoraConnection connection() {
			if (this.connection == null || !this.channels.get(this.channels.size() - 1).isActive()) {
				EmbeddedChannel channel = new EmbeddedChannel(
						new DoraFrameDecoder(DoraProtocol.DEFAULT_MAX_FRAME_LENGTH, 0), new DoraClientHandler());
				this.channels.add(channel);
				this.connection = new DoraConnection(this.endpoint, channel, DoraCallerTests.this.timer,
						DoraCallerTests.this.codec, DoraCallerTests.this.stats, DoraCallerTests.this.recentTimeouts,
						new DoraConnectionSettings(Duration.ofSeconds(1), Duration.ZERO, 1, 1,
								DoraProtocol.DEFAULT_MAX_FRAME_LENGTH, Duration.ofMinutes(1),
								DoraCallerTests.this.maxPendingCalls));
			}
			return this.connection;
		}

		/** Requests written to this provider so far. */
		int requests() {
			EmbeddedChannel channel = current();
			int waiting = (channel != null) ? channel.outboundMessages().size() : 0;
			return this.requests + waiting;
		}

		/** Takes the next request written to this provider and returns its guid. */
		Guid nextRequest() {
			ByteBuf frame = current().readOutbound();
			assertThat(frame).as("a request to " + this.endpoint).isNotNull();
			try {
				this.requests++;
				this.flagsOfLastRequest = frame.getUnsignedByte(4);
				return Guid.read(frame, 8);
			}
			finally {
				frame.release();
			}
		}

		/** Answers the next request with {@code code}; returns its guid. */
		Guid answer(int code) {
			Guid guid = nextRequest();
			ByteBuf reply = DoraCallerTests.this.writer.write(ByteBufAllocator.DEFAULT, MessageType.RESPONSE, 0, guid, 0,
					ResponseEnvelope.status(guid.toString(), code, DoraCodes.message(code)));
			current().writeInbound(reply);
			return guid;
		}

		void dropConnection() {
			current().close();
		}

		private EmbeddedChannel current() {
			return this.channels.isEmpty() ? null : this.channels.get(this.channels.size() - 1);
		}

		void close() {
			this.channels.forEach(EmbeddedChannel::finishAndReleaseAll);
		}

	}

}
