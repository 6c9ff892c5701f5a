package io.dora.client;

import java.time.Duration;

import io.dora.protocol.Guid;

/**
 * Options of one call made through a {@link io.dora.annotation.DoraClient @DoraClient} method: declare a
 * parameter of this type (anywhere in the list) and pass {@link #defaults()} or a changed copy. What is set here
 * wins over the interface's annotation and the configuration.
 *
 * <pre class="code">
 * users.get(new UserQuery(7), DoraCallOptions.defaults().timeout(Duration.ofMillis(200)));
 * </pre>
 */
public final class DoraCallOptions {

	private static final DoraCallOptions DEFAULTS = new DoraCallOptions(null, null, null, null, null);

	private final String group;

	private final String address;

	private final Duration timeout;

	private final Integer retries;

	private final String guid;

	private DoraCallOptions(String group, String address, Duration timeout, Integer retries, String guid) {
		this.group = group;
		this.address = address;
		this.timeout = timeout;
		this.retries = retries;
		this.guid = guid;
	}

	/** No options: the call behaves as if the parameter were not there. */
	public static DoraCallOptions defaults() {
		return DEFAULTS;
	}

	/** Calls another group. */
	public DoraCallOptions group(String group) {
		return new DoraCallOptions(group, this.address, this.timeout, this.retries, this.guid);
	}

	/** Calls one fixed provider, {@code host:port}, without discovery. */
	public DoraCallOptions address(String hostAndPort) {
		return new DoraCallOptions(this.group, hostAndPort, this.timeout, this.retries, this.guid);
	}

	/** Another timeout per attempt. */
	public DoraCallOptions timeout(Duration timeout) {
		return new DoraCallOptions(this.group, this.address, timeout, this.retries, this.guid);
	}

	/** Another number of retries. */
	public DoraCallOptions retries(int retries) {
		return new DoraCallOptions(this.group, this.address, this.timeout, retries, this.guid);
	}

	/**
	 * The call's guid instead of a new random one: 32 hex characters, either case, not all zeros. The provider
	 * sees it as {@code DoraCallContext.guid()}. It names one call, as {@link DoraOperations#withGuid(String)}
	 * says: a call whose guid is still waiting for its reply on the same connection fails with 100008.
	 * @throws IllegalArgumentException if {@code guid} is not a guid
	 */
	public DoraCallOptions guid(String guid) {
		Guid.parseCallGuid(guid);
		return new DoraCallOptions(this.group, this.address, this.timeout, this.retries, guid);
	}

	/** The view of {@code operations} these options describe. */
	public DoraOperations applyTo(DoraOperations operations) {
		DoraOperations view = operations;
		if (this.address != null) {
			view = view.withAddress(this.address);
		}
		else if (this.group != null) {
			view = view.withGroup(this.group);
		}
		if (this.timeout != null) {
			view = view.withTimeout(this.timeout);
		}
		if (this.retries != null) {
			view = view.withRetries(this.retries);
		}
		if (this.guid != null) {
			view = view.withGuid(this.guid);
		}
		return view;
	}

	@Override
	public String toString() {
		return "DoraCallOptions[group=" + this.group + ", address=" + this.address + ", timeout=" + this.timeout
				+ ", retries=" + this.retries + ", guid=" + this.guid + "]";
	}

}
