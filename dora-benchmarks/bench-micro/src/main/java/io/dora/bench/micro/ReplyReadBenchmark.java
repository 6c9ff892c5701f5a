package io.dora.bench.micro;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.dora.protocol.ApiResult;
import io.dora.protocol.DoraFrameWriter;
import io.dora.protocol.DoraJsonCodec;
import io.dora.protocol.DoraProtocol;
import io.dora.protocol.Guid;
import io.dora.protocol.MessageType;
import io.dora.protocol.ReplyCodes;
import io.dora.protocol.ResponseEnvelope;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the client spends reading one reply, as it does now and as it did before each reply was read once.
 * <ul>
 * <li>{@code readOnce}: inflate the body once, read its codes in one short pass, parse it: what
 * {@code InboundReply.read} and {@code ReplyDecoder} do now;</li>
 * <li>{@code readAsBefore}: inflate and read the code ({@code DoraCaller.peekCode}), inflate again and parse
 * ({@code ReplyDecoder}), the path of every call before;</li>
 * <li>{@code readAsBeforeObserved}: the same plus a third inflation and code read ({@code outcomeCode}), the path
 * of every call when an observation registry is present.</li>
 * </ul>
 * Replies hold 1 (single call) or 10 (fan-out) results of a user record, compressed or not.
 * <p>
 * {@link ReplyReadCpu} measures the same three in CPU time of the reading thread, which a shared machine disturbs
 * less than wall time.
 * <p>
 * Run: {@code java -cp "dora-benchmarks/bench-micro/target/classes:$(cat dora-benchmarks/bench-micro/target/classpath.txt)" org.openjdk.jmh.Main ReplyRead}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ReplyReadBenchmark {

	@Param({ "1", "10" })
	public int results;

	@Param({ "false", "true" })
	public boolean compressed;

	private final DoraJsonCodec codec = new DoraJsonCodec(JsonMapper.builder().build());

	private byte[] body;

	private int flags;

	@Setup
	public void writeReply() {
		Guid guid = Guid.random();
		Object data;
		if (this.results == 1) {
			data = ApiResult.ok(guid.toString(), user(1));
		}
		else {
			Map<String, ApiResult<?>> byKey = new LinkedHashMap<>();
			for (int i = 0; i < this.results; i++) {
				byKey.put("k" + i, ApiResult.ok(guid.toString(), user(i)));
			}
			data = byKey;
		}
		DoraFrameWriter writer = new DoraFrameWriter(this.codec, DoraProtocol.DEFAULT_MAX_FRAME_LENGTH,
				this.compressed ? 0 : -1);
		ByteBuf frame = writer.write(ByteBufAllocator.DEFAULT, MessageType.RESPONSE, 0, guid, 0,
				ResponseEnvelope.ok(guid.toString(), data));
		try {
			this.flags = frame.getUnsignedByte(4);
			this.body = new byte[frame.readableBytes() - DoraProtocol.HEADER_LENGTH];
			frame.getBytes(DoraProtocol.HEADER_LENGTH, this.body);
		}
		finally {
			frame.release();
		}
	}

	private static Map<String, Object> user(int id) {
		return Map.of("id", id, "name", "user-" + id, "email", "user" + id + "@example.com", "tags",
				List.of("alpha", "beta", "gamma"), "address", Map.of("city", "Hangzhou", "street", "No. " + id));
	}

	@Benchmark
	public void readOnce(Blackhole blackhole) {
		blackhole.consume(readOnce());
	}

	@Benchmark
	public void readAsBefore(Blackhole blackhole) {
		blackhole.consume(readAsBefore());
	}

	@Benchmark
	public void readAsBeforeObserved(Blackhole blackhole) {
		blackhole.consume(readAsBeforeObserved());
	}

	/** Inflate once, read the codes, parse. */
	int readOnce() {
		byte[] json = inflate();
		ReplyCodes codes = this.codec.readCodes(json);
		return codes.outcome() + this.codec.readResponse(json).code();
	}

	/** Inflate and peek at the code, inflate again and parse. */
	int readAsBefore() {
		int code = this.codec.readCodes(inflate()).code();
		return code + this.codec.readResponse(inflate()).code();
	}

	/** As before, with one more inflation and peek for the observation's outcome. */
	int readAsBeforeObserved() {
		int code = this.codec.readCodes(inflate()).code();
		int outcome = this.codec.readCodes(inflate()).outcome();
		return code + outcome + this.codec.readResponse(inflate()).code();
	}

	private byte[] inflate() {
		return DoraFrameWriter.json(this.body, this.flags, DoraProtocol.DEFAULT_MAX_FRAME_LENGTH);
	}

}
