package io.dora.protocol;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link DoraJsonCodec#readCodes}: the one read of a reply's codes on arrival.
 */
class ReplyCodesTests {

	private final DoraJsonCodec codec = new DoraJsonCodec(JsonMapper.builder().build());

	@Test
	void singleResultGivesItsApiLevelCodeAsTheOutcome() {
		ReplyCodes codes = read("{\"guid\":\"g\",\"code\":0,\"msg\":\"ok\",\"data\":{\"guid\":\"g\",\"code\":4242,"
				+ "\"msg\":\"custom\",\"data\":null}}");
		assertThat(codes).isEqualTo(new ReplyCodes(0, 4242));
	}

	@Test
	void dispatchFailureIsTheOutcomeWhateverFollows() {
		assertThat(read("{\"guid\":\"g\",\"code\":100014,\"msg\":\"busy\",\"data\":{\"code\":0}}"))
			.isEqualTo(new ReplyCodes(DoraCodes.SERVER_BUSY, DoraCodes.SERVER_BUSY));
	}

	@Test
	void acknowledgementHasNoData() {
		assertThat(read("{\"guid\":\"g\",\"code\":100001,\"msg\":\"accepted\",\"data\":null}"))
			.isEqualTo(new ReplyCodes(DoraCodes.ACCEPTED, DoraCodes.ACCEPTED));
	}

	@Test
	void multiApiReplyIsReadNoFurtherThanItsFirstEntry() {
		// The second entry is not even valid JSON: the read stops before it.
		ReplyCodes codes = read("{\"guid\":\"g\",\"code\":0,\"msg\":\"ok\",\"data\":{\"a\":{\"guid\":\"g\",\"code\":4242},"
				+ "\"b\": oops");
		assertThat(codes).isEqualTo(new ReplyCodes(0, 0));
	}

	@Test
	void entryKeyedCodeInAMultiApiReplyIsNotMistakenForAResultCode() {
		assertThat(read("{\"guid\":\"g\",\"code\":0,\"data\":{\"code\":{\"guid\":\"g\",\"code\":7}}}"))
			.isEqualTo(new ReplyCodes(0, 0));
	}

	@Test
	void dataBeforeCodeIsReadInFull() {
		assertThat(read("{\"data\":{\"guid\":\"g\",\"code\":4242,\"data\":{\"x\":[1,2]}},\"guid\":\"g\",\"code\":0}"))
			.isEqualTo(new ReplyCodes(0, 4242));
		assertThat(read("{\"data\":{\"a\":{\"code\":1}},\"code\":100014}"))
			.isEqualTo(new ReplyCodes(DoraCodes.SERVER_BUSY, DoraCodes.SERVER_BUSY));
	}

	@Test
	void bodiesWithoutAReadableCodeAreUnreadable() {
		assertThat(read("not json")).isEqualTo(ReplyCodes.UNREADABLE);
		assertThat(read("[1,2]")).isEqualTo(ReplyCodes.UNREADABLE);
		assertThat(read("{\"guid\":\"g\",\"msg\":\"no code\"}")).isEqualTo(ReplyCodes.UNREADABLE);
		assertThat(read("{\"code\":\"0\"}")).isEqualTo(ReplyCodes.UNREADABLE);
		assertThat(read("")).isEqualTo(ReplyCodes.UNREADABLE);
	}

	private ReplyCodes read(String json) {
		return this.codec.readCodes(json.getBytes(StandardCharsets.UTF_8));
	}

}
