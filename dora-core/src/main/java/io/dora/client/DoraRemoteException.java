package io.dora.client;

import io.dora.DoraException;

/**
 * The provider answered with a failure code: at dispatch level (the request as a whole, e.g. 100014 busy) or at
 * API level (the handler's own code, 100013 not found, 100004 bad parameter, ...).
 */
public class DoraRemoteException extends DoraException {

	private final String api;

	private final boolean apiLevel;

	public DoraRemoteException(int code, String message, String api, boolean apiLevel) {
		super(code, message);
		this.api = api;
		this.apiLevel = apiLevel;
	}

	/** The API name the failure belongs to, or {@code null} for a dispatch-level failure. */
	public String getApi() {
		return this.api;
	}

	/** Whether the code came from the API level (the handler) rather than from dispatch. */
	public boolean isApiLevel() {
		return this.apiLevel;
	}

}
