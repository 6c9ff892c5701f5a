package io.dora.protocol;

/**
 * The length of the last frame written for each of a few recent keys (API names), so that the next frame of the same
 * key starts in a buffer of about its size instead of growing from a small one: a 64 KB body grown from 512 bytes is
 * reallocated and copied about eight times. A fixed table of slots, so it never grows: keys that share a slot take
 * it from each other, which costs only a guess. Read and written by many threads without locks; a hint seen late or
 * lost costs a guess too.
 */
final class FrameSizeHints {

	/** A power of two. */
	private static final int SLOTS = 64;

	/**
	 * Longer keys get no hint: a key can come from a request (the API a caller names), and the table must not keep
	 * large strings of a stranger's alive.
	 */
	static final int MAX_KEY_LENGTH = 256;

	private final Hint[] hints = new Hint[SLOTS];

	/**
	 * The capacity to start a frame of {@code key} with: the last length written for it and a sixteenth more (a body
	 * a little longer than the last does not double the buffer), or {@code fallback} for a key without a hint.
	 */
	int initialCapacity(String key, int fallback) {
		if (key == null || key.length() > MAX_KEY_LENGTH) {
			return fallback;
		}
		Hint hint = this.hints[slot(key)];
		if (hint == null || !hint.key().equals(key)) {
			return fallback;
		}
		return Math.max(fallback, hint.length() + (hint.length() >> 4));
	}

	/** Remembers the length of a frame just written for {@code key}. */
	void record(String key, int length) {
		if (key == null || key.length() > MAX_KEY_LENGTH) {
			return;
		}
		int slot = slot(key);
		Hint hint = this.hints[slot];
		if (hint == null || hint.length() != length || !hint.key().equals(key)) {
			this.hints[slot] = new Hint(key, length);
		}
	}

	private static int slot(String key) {
		int hash = key.hashCode();
		return (hash ^ (hash >>> 16)) & (SLOTS - 1);
	}

	/** Immutable, so that a thread reading a slot another has just written sees a whole hint or the previous one. */
	private record Hint(String key, int length) {
	}

}
