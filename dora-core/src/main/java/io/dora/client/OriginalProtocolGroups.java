package io.dora.client;

import java.util.Map;

import io.dora.protocol.original.OriginalWireOptions;

/**
 * The groups whose providers speak the original PHP Dora RPC's protocol, with the signature and compression
 * switches their PHP side uses. Calls to every other group, and to fixed addresses, speak Dora's protocol.
 */
public final class OriginalProtocolGroups {

	/** No group speaks the original protocol. */
	public static final OriginalProtocolGroups NONE = new OriginalProtocolGroups(Map.of());

	private final Map<String, OriginalWireOptions> groups;

	/**
	 * @param groups the original-protocol groups by name
	 */
	public OriginalProtocolGroups(Map<String, OriginalWireOptions> groups) {
		this.groups = Map.copyOf(groups);
	}

	/** The wire options of the target's group, or {@code null} when it speaks Dora's protocol. */
	public OriginalWireOptions of(DoraTarget target) {
		return (target.group() != null) ? this.groups.get(target.group()) : null;
	}

	/** Whether a group speaks the original protocol. */
	public boolean contains(String group) {
		return this.groups.containsKey(group);
	}

	public Map<String, OriginalWireOptions> groups() {
		return this.groups;
	}

}
