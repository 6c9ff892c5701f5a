package io.dora.web.openapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
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
	private static final Map<Integer, String> CODES = codes();

	/** A code a handler chose itself (422) has no fixed number. */
	static final String OWN_CODES = "the API refused the request with a code of its own (a `DoraException` its handler "
			+ "threw); `msg` says why";

	private CallFailures() {
	}

	private static Map<Integer, String> codes() {
		Map<Integer, String> codes = new LinkedHashMap<>();
		codes.put(DoraCodes.BAD_PARAMETER, "the body cannot be bound to the API's parameter type, or the "
				+ "X-Dora-Timeout header is not a positive whole number");
		codes.put(DoraCodes.MALFORMED, "the body is not JSON");
		codes.put(DoraCodes.SIGNATURE_INVALID, "the request is not signed, or wrongly, stale or replayed");
		codes.put(DoraCodes.API_NOT_FOUND, "no handler serves the name on this provider (for example during a rolling "
				+ "deployment, or a name the pattern's template allows but the pattern does not match)");
		codes.put(DoraCodes.FRAME_TOO_LARGE, "the body is larger than dora.server.max-frame-length");
		codes.put(DoraCodes.HANDLER_ERROR, "the handler failed unexpectedly; details are in the provider's log under "
				+ "the guid");
		codes.put(DoraCodes.SERVER_BUSY, "the provider's executor is full; nothing ran, try again later or elsewhere");
		codes.put(DoraCodes.SHUTTING_DOWN, "the provider is shutting down; nothing ran, try elsewhere");
		codes.put(DoraCodes.DEADLINE_EXCEEDED, "no reply within the deadline (X-Dora-Timeout or "
				+ "dora.server.http.timeout)");
		return codes;
	}

	/**
	 * The failures by HTTP status, the API's own codes (422) included.
	 * @param signed whether the provider runs only signed requests
	 */
	static Map<HttpStatus, Failure> byStatus(boolean signed) {
		Map<HttpStatus, Failure> failures = new TreeMap<>();
		CODES.forEach((code, meaning) -> {
			if (code == DoraCodes.SIGNATURE_INVALID && !signed) {
				return;
			}
			failures.computeIfAbsent(DoraHttpStatus.forCode(code), (status) -> new Failure(new ArrayList<>(),
					new ArrayList<>()))
				.add(code, meaning);
		});
		failures.put(HttpStatus.UNPROCESSABLE_CONTENT, new Failure(List.of(), List.of(OWN_CODES)));
		return failures;
	}

	/**
	 * What one status stands for.
	 *
	 * @param codes the Dora codes answered with it
	 * @param meanings what each code means, in the same order
	 */
	record Failure(List<Integer> codes, List<String> meanings) {

		private void add(int code, String meaning) {
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
