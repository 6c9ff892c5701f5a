package io.dora.protocol.original;

import java.util.List;

import io.dora.protocol.DoraProtocolException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property-based tests of the PHP serialize codec, like those of Dora's own decoder: arbitrary and mutated input
 * is read or refused with the bad-packet code, never anything else, and every tree Dora writes reads back equal.
 */
class PhpSerializeFuzzTests {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private final PhpUnserializer unserializer = new PhpUnserializer(16, 10_000);

	@Property(tries = 500)
	void arbitraryBytesAreReadOrRefusedAsABadPacket(@ForAll @Size(max = 2048) byte[] bytes) {
		readOrRefuse(bytes);
	}

	@Property(tries = 500)
	void mutatedSerializationsAreReadOrRefusedAsABadPacket(@ForAll("trees") JsonNode tree,
			@ForAll("mutations") List<int[]> mutations) {
		byte[] bytes = PhpSerializer.serialize(tree);
		for (int[] mutation : mutations) {
			if (bytes.length > 0) {
				bytes[mutation[0] % bytes.length] = (byte) mutation[1];
			}
		}
		readOrRefuse(bytes);
	}

	@Property(tries = 300)
	void truncatedSerializationsAreRefused(@ForAll("trees") JsonNode tree, @ForAll int cut) {
		byte[] bytes = PhpSerializer.serialize(tree);
		int length = Math.floorMod(cut, bytes.length);
		byte[] truncated = java.util.Arrays.copyOf(bytes, length);
		try {
			this.unserializer.read(truncated);
			// A prefix can itself be a whole value only if it is the whole input.
			assertThat(length).isEqualTo(bytes.length);
		}
		catch (DoraProtocolException ex) {
			assertThat(ex.code()).isEqualTo(OriginalProtocol.BAD_PACKET);
		}
	}

	@Property(tries = 500)
	void everyTreeDoraWritesReadsBackEqual(@ForAll("trees") JsonNode tree) {
		assertThat(this.unserializer.read(PhpSerializer.serialize(tree))).isEqualTo(tree);
	}

	private void readOrRefuse(byte[] bytes) {
		try {
			assertThat(this.unserializer.read(bytes)).isNotNull();
		}
		catch (DoraProtocolException ex) {
			assertThat(ex.code()).isEqualTo(OriginalProtocol.BAD_PACKET);
		}
	}

	@Provide
	Arbitrary<List<int[]>> mutations() {
		return Combinators.combine(Arbitraries.integers().between(0, 4096), Arbitraries.integers().between(0, 255))
			.as((position, value) -> new int[] { position, value })
			.list()
			.ofMinSize(1)
			.ofMaxSize(4);
	}

	/** Trees as the reader makes them: lists for sequential keys, maps with non-numeric keys, no empty maps. */
	@Provide
	Arbitrary<JsonNode> trees() {
		return tree(4);
	}

	private Arbitrary<JsonNode> tree(int depth) {
		Arbitrary<JsonNode> scalars = Arbitraries.oneOf(Arbitraries.just(NODES.nullNode()),
				Arbitraries.of(true, false).map(NODES::booleanNode), Arbitraries.integers().map(NODES::numberNode),
				Arbitraries.longs().filter((value) -> value != (int) (long) value).map(NODES::numberNode),
				Arbitraries.doubles().filter(Double::isFinite).map(NODES::numberNode),
				Arbitraries.strings().ofMaxLength(20).map(NODES::stringNode));
		if (depth == 0) {
			return scalars;
		}
		Arbitrary<JsonNode> lists = tree(depth - 1).list().ofMaxSize(4).map((items) -> {
			ArrayNode list = NODES.arrayNode();
			items.forEach(list::add);
			return list;
		});
		Arbitrary<JsonNode> maps = Arbitraries.maps(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(6),
				tree(depth - 1)).ofMinSize(1).ofMaxSize(4).map((entries) -> {
					ObjectNode map = NODES.objectNode();
					entries.forEach(map::set);
					return map;
				});
		return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, scalars), net.jqwik.api.Tuple.of(1, lists),
				net.jqwik.api.Tuple.of(1, maps));
	}

}
