package io.dora.client;

import io.dora.discovery.DoraEndpoint;

/**
 * Where a call goes: a group resolved through discovery, or one fixed address.
 *
 * @param group the group name, or {@code null} for a fixed address
 * @param address the fixed address, or {@code null} for a group
 */
public record DoraTarget(String group, DoraEndpoint address) {

	public static DoraTarget group(String group) {
		return new DoraTarget(group, null);
	}

	public static DoraTarget address(DoraEndpoint address) {
		return new DoraTarget(null, address);
	}

	@Override
	public String toString() {
		return (this.address != null) ? "address " + this.address : "group '" + this.group + "'";
	}

}
