package io.dora.client;

import io.dora.protocol.Guid;

/**
 * The last few guids whose calls timed out, so that a reply arriving for one of them is counted as late rather
 * than as unknown.
 */
final class RecentTimeouts {

	private final Guid[] ring;

	private int next;

	RecentTimeouts(int size) {
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
