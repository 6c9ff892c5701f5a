package io.dora.security;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * A memory of used signatures that outlives one provider process and is shared by every provider that uses it, so
 * that a captured request is refused after a restart and by the other providers of its audience too. The local
 * {@link SignatureChecker} memory still answers first; this one is asked only about signatures it let through.
 */
@FunctionalInterface
public interface SharedReplayMemory {

	/**
	 * Records a signature for {@code lifetime}, atomically.
	 * @param mac the signature's MAC
	 * @param lifetime how long it must be remembered: as long as its timestamp could still be accepted
	 * @return {@code true} when it was not known yet, {@code false} for a replay; a failed stage means the memory
	 * could not be asked
	 */
	CompletionStage<Boolean> firstSighting(byte[] mac, Duration lifetime);

}
