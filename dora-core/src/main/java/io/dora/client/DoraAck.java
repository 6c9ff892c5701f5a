package io.dora.client;

/**
 * What a fire-and-forget (mode 1) method of a {@link io.dora.annotation.DoraClient @DoraClient} interface returns:
 * the provider acknowledged (100001) that it accepted the work. A refusal is thrown, never returned.
 */
public final class DoraAck {

	/** The one acknowledgement: there is nothing more to say about an accepted call. */
	public static final DoraAck ACCEPTED = new DoraAck();

	private DoraAck() {
	}

	@Override
	public String toString() {
		return "DoraAck[accepted]";
	}

}
