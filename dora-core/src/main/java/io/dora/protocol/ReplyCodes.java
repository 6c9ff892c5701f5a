package io.dora.protocol;

/**
 * The codes of a reply, read without decoding it.
 *
 * @param code the top-level (dispatch) code: what the provider did with the request
 * @param outcome the code that decides the call's outcome: {@code code}, or when that is 0 and the reply holds a
 * single call's result, the result's API-level code
 */
public record ReplyCodes(int code, int outcome) {

	/** The codes of a body that is not a readable reply. */
	public static final ReplyCodes UNREADABLE = new ReplyCodes(DoraCodes.MALFORMED, DoraCodes.MALFORMED);

	/** The codes of an acknowledgement (100001). */
	public static final ReplyCodes ACCEPTED = new ReplyCodes(DoraCodes.ACCEPTED, DoraCodes.ACCEPTED);

}
