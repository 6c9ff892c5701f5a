package io.dora.client;

import java.time.Duration;

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

	private static final DoraCallOptions DEFAULTS = new DoraCallOptions(null, null, null, null);

	private final String group;

	private final String address;

	private final Duration timeout;

	private final Integer retries;

	private DoraCallOptions(String group, String address, Duration timeout, Integer retries) {
		this.group = group;
		this.address = address;
		this.timeout = timeout;
		this.retries = retries;
	}

	/** No options: the call behaves as if the parameter were not there. */
	public static DoraCallOptions defaults() {
		return DEFAULTS;
	}

	/** Calls another group. */
	public DoraCallOptions group(String group) {
		return new DoraCallOptions(group, this.address, this.timeout, this.retries);
	}

	/** Calls one fixed provider, {@code host:port}, without discovery. */
	public DoraCallOptions address(String hostAndPort) {
		return new DoraCallOptions(this.group, hostAndPort, this.timeout, this.retries);
	}

	/** Another timeout per attempt. */
	public DoraCallOptions timeout(Duration timeout) {
		return new DoraCallOptions(this.group, this.address, timeout, this.retries);
	}

	/** Another number of retries. */
	public DoraCallOptions retries(int retries) {
		return new DoraCallOptions(this.group, this.address, this.timeout, retries);
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
		return view;
	}

	@Override
	public String toString() {
		return "DoraCallOptions[group=" + this.group + ", address=" + this.address + ", timeout=" + this.timeout
				+ ", retries=" + this.retries + "]";
	}

}
