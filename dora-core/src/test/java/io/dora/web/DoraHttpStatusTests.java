package io.dora.web;

import java.util.Map;

import io.dora.protocol.ApiResult;
import io.dora.protocol.DoraCodes;
import io.dora.protocol.ResponseEnvelope;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP status of {@code /call} replies by outcome class.
 */
class DoraHttpStatusTests {

	@Test
	void dispatchLevelFailureDecides() {
		assertThat(DoraHttpStatus.of(ResponseEnvelope.status("g", DoraCodes.SERVER_BUSY, "busy")))
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(DoraHttpStatus.of(ResponseEnvelope.status("g", DoraCodes.SHUTTING_DOWN, "bye")))
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(DoraHttpStatus.of(ResponseEnvelope.status("g", DoraCodes.DEADLINE_EXCEEDED, "late")))
			.isEqualTo(HttpStatus.GATEWAY_TIMEOUT);
		assertThat(DoraHttpStatus.of(ResponseEnvelope.status("g", DoraCodes.FRAME_TOO_LARGE, "big")))
			.isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
		assertThat(DoraHttpStatus.of(ResponseEnvelope.status("g", DoraCodes.MALFORMED, "bad")))
			.isEqualTo(HttpStatus.BAD_REQUEST);
	}

	@Test
	void otherwiseTheApiResultDecides() {
		assertThat(DoraHttpStatus.of(ResponseEnvelope.ok("g", ApiResult.ok("g", "data")))).isEqualTo(HttpStatus.OK);
		assertThat(DoraHttpStatus.of(ResponseEnvelope.ok("g", ApiResult.failure("g", DoraCodes.API_NOT_FOUND, "no"))))
			.isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(DoraHttpStatus.of(ResponseEnvelope.ok("g", ApiResult.failure("g", DoraCodes.DEADLINE_EXCEEDED,
				"late")))).isEqualTo(HttpStatus.GATEWAY_TIMEOUT);
		assertThat(DoraHttpStatus.of(ResponseEnvelope.ok("g", ApiResult.failure("g", 4242, "mine"))))
			.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
		assertThat(DoraHttpStatus.of(ResponseEnvelope.ok("g", ApiResult.failure("g", DoraCodes.HANDLER_ERROR,
				"internal")))).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
		assertThat(DoraHttpStatus.of(ResponseEnvelope.ok("g", Map.of("a", ApiResult.ok("g", 1)))))
			.isEqualTo(HttpStatus.OK);
	}

	@Test
	void everyBadInputCodeIs400() {
		for (int code : new int[] { DoraCodes.UNKNOWN_TYPE, DoraCodes.API_EMPTY, DoraCodes.BAD_PARAMETER,
				DoraCodes.FRAME_TRUNCATED, DoraCodes.GUID_INVALID, DoraCodes.UNKNOWN_COMMAND, DoraCodes.MALFORMED,
				DoraCodes.TOO_MANY_APIS }) {
			assertThat(DoraHttpStatus.forCode(code)).as("%d", code).isEqualTo(HttpStatus.BAD_REQUEST);
		}
		assertThat(DoraHttpStatus.forCode(DoraCodes.HANDLER_ERROR)).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
		assertThat(DoraHttpStatus.forCode(DoraCodes.COMMAND_DENIED)).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(DoraHttpStatus.forCode(DoraCodes.SIGNATURE_INVALID)).isEqualTo(HttpStatus.UNAUTHORIZED);
	}

}
