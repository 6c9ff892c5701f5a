package io.dora.client;

import io.dora.protocol.DoraCodes;

/**
 * No provider could be chosen for a call (code 100010). The message lists what the view contained and why each
 * candidate was excluded.
 */
public class NoProviderException extends DoraClientException {

	public NoProviderException(String message) {
		super(DoraCodes.NO_PROVIDER, message);
	}

}
