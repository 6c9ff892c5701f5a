package io.dora.web.openapi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.dora.protocol.DoraCodes;
import io.dora.web.DoraHttpStatus;

import org.springframework.http.HttpStatus;

/**
 * The failures a {@code POST /call/<api>} can answer, grouped by the HTTP status {@link DoraHttpStatus} gives their
 * codes, so the document lists exactly what the endpoint sends.
 */
final class CallFailures {

	/** Codes a /call of an existing API can answer, and when; 100005 only where requests must be signed. */
	private static final List<Code> CODES = codes();

	/** A code a handler chose itself (422) has no fixed number. */
	static final String OWN_CODES = "the API refused the request with a code of its own (a `DoraException` its handler "
			+ "threw); `msg` says why";

	private CallFailures() {
	}

	private static List<Code> codes() {
		List<Code> codes = new ArrayList<>();
		codes.add(answered(DoraCodes.BAD_PARAMETER, "the body cannot be bound to the API's parameter type, or the "
				+ "X-Dora-Timeout header is not a positive whole number"));
		codes.add(answered(DoraCodes.MALFORMED, "the body is not JSON"));
		codes.add(answered(DoraCodes.SIGNATURE_INVALID,
				"the request is not signed, or wrongly, stale, for another audience or replayed"));
		codes.add(answered(DoraCodes.API_NOT_FOUND, "no handler serves the name on this provider (for example during a "
				+ "rolling deployment, or a name the pattern's template allows but the pattern does not match)"));
		codes.add(refused(DoraCodes.FRAME_TRUNCATED, "the body did not arrive within dora.server.http.body-read-timeout, "
				+ "or ended before its Content-Length; the connection is closed"));
		codes.add(refused(DoraCodes.FRAME_TOO_LARGE,
				"the body is larger than dora.server.max-frame-length; the connection is closed"));
		codes.add(answered(DoraCodes.HANDLER_ERROR, "the handler failed unexpectedly; details are in the provider's "
				+ "log under the guid"));
		codes.add(refused(DoraCodes.SERVER_BUSY, "the bodies being read already hold dora.server.max-buffered-bytes; "
				+ "nothing ran, the connection is closed, try again after Retry-After"));
		codes.add(answered(DoraCodes.SERVER_BUSY,
				"the provider's executor is full; nothing ran, try again later or elsewhere"));
		codes.add(answered(DoraCodes.SHUTTING_DOWN, "the provider is shutting down; nothing ran, try elsewhere"));
		codes.add(answered(DoraCodes.DEADLINE_EXCEEDED, "no reply within the deadline (X-Dora-Timeout or "
				+ "dora.server.http.timeout)"));
		return codes;
	}

	/** A code of a request that was read, with the status {@code /call} answers it. */
	private static Code answered(int code, String meaning) {
		return new Code(code, DoraHttpStatus.forCode(code), meaning);
	}

	/** A code of a request refused before its body was read, with the status that closes the connection. */
	private static Code refused(int code, String meaning) {
		return new Code(code, DoraHttpStatus.forRefusedBody(code), meaning);
	}

	/**
	 * The failures by HTTP status, the API's own codes (422) included.
	 * @param signed whether the provider runs only signed requests
	 */
	static Map<HttpStatus, Failure> byStatus(boolean signed) {
		Map<HttpStatus, Failure> failures = new TreeMap<>();
		for (Code code : CODES) {
			if (code.code() == DoraCodes.SIGNATURE_INVALID && !signed) {
				continue;
			}
			failures.computeIfAbsent(code.status(), (status) -> new Failure(new ArrayList<>(), new ArrayList<>()))
				.add(code.code(), code.meaning());
		}
		failures.put(HttpStatus.UNPROCESSABLE_CONTENT, new Failure(List.of(), List.of(OWN_CODES)));
		return failures;
	}

	/**
	 * One code {@code /call} answers.
	 *
	 * @param code the Dora code
	 * @param status the HTTP status it comes with
	 * @param meaning when it is answered
	 */
	private record Code(int code, HttpStatus status, String meaning) {

	}

	/**
	 * What one status stands for.
	 *
	 * @param codes the Dora codes answered with it
	 * @param meanings what each code means, in the same order
	 */
	record Failure(List<Integer> codes, List<String> meanings) {

		/** Adds a code, or another case of a code already listed. */
		private void add(int code, String meaning) {
			int listed = this.codes.indexOf(code);
			if (listed >= 0) {
				this.meanings.set(listed, this.meanings.get(listed) + "; or " + meaning);
				return;
			}
			this.codes.add(code);
			this.meanings.add(meaning);
		}

		/** One line per code, as CommonMark. */
		String description() {
			StringBuilder description = new StringBuilder();
			for (int i = 0; i < this.meanings.size(); i++) {
				if (!description.isEmpty()) {
					description.append("\n");
				}
				description.append("- ");
				if (i < this.codes.size()) {
					description.append('`').append(this.codes.get(i)).append("`: ");
				}
				description.append(this.meanings.get(i));
			}
			return description.toString();
		}

	}

}
