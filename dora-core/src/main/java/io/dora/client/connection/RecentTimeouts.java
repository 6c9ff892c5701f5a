package io.dora.client.connection;

import io.dora.protocol.Guid;

/**
 * The last few guids whose calls timed out, so that a reply arriving for one of them is counted as late rather
 * than as unknown.
 */
public final class RecentTimeouts {

	private final Guid[] ring;

	private int next;

	/** @param size how many guids are remembered */
	public RecentTimeouts(int size) {
		this.ring = new Guid[size];
	}

	synchronized void add(Guid guid) {
		this.ring[this.next] = guid;
		this.next = (this.next + 1) % this.ring.length;
	}

	synchronized boolean contains(Guid guid) {
		for (Guid candidate : this.ring) {
			if (guid.equals(candidate)) {
				return true;
			}
		}
		return false;
	}

}
