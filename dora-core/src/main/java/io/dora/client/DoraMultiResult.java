package io.dora.client;

import java.util.Map;
import java.util.Set;

import io.dora.DoraException;
import tools.jackson.databind.JavaType;

/**
 * The results of a multi-API call by key. Each entry has its own code: some may have data while others failed or
 * missed the deadline (100017).
 */
public final class DoraMultiResult {

	private final DoraResponse response;

	private final Map<String, JavaType> types;

	private final ReplyDecoder decoder;

	DoraMultiResult(DoraResponse response, Map<String, JavaType> types, ReplyDecoder decoder) {
		if (!response.isOk()) {
			throw failure(response);
		}
		this.response = response;
		this.types = types;
		this.decoder = decoder;
	}

	static DoraException failure(DoraResponse response) {
		return (response.getCode() >= 100009 && response.getCode() <= 100012)
				? new DoraClientException(response.getCode(), response.getMsg())
				: new DoraRemoteException(response.getCode(), response.getMsg(), null, false);
	}

	/**
	 * The data of an entry, read as the type it was added with.
	 * @throws DoraRemoteException if that entry failed
	 */
	public <T> T get(DoraMultiCall.Key<T> key) {
		return read(key.name(), this.types.get(key.name()));
	}

	/**
	 * The data of an entry read as {@code type}.
	 * @throws DoraRemoteException if that entry failed
	 */
	public <T> T get(String key, Class<T> type) {
		return read(key, this.decoder.codec().type(type));
	}

	private <T> T read(String key, JavaType type) {
		DoraResult result = result(key);
		if (!result.isOk()) {
			throw new DoraRemoteException(result.getCode(), result.getMsg(), key, true);
		}
		return this.decoder.convert(result.rawData(), type, key);
	}

	/** The raw result of an entry, with its code and message. */
	public DoraResult result(String key) {
		DoraResult result = this.response.getResults().get(key);
		if (result == null) {
			throw new IllegalArgumentException("No entry '" + key + "' in this result; keys: " + keys());
		}
		return result;
	}

	public boolean isOk(String key) {
		return result(key).isOk();
	}

	/** Whether every entry succeeded. */
	public boolean isAllOk() {
		return this.response.getResults().values().stream().allMatch(DoraResult::isOk);
	}

	public Set<String> keys() {
		return this.response.getResults().keySet();
	}

	/** The raw response, both levels. */
	public DoraResponse raw() {
		return this.response;
	}

	@Override
	public String toString() {
		return this.response.toString();
	}

}
