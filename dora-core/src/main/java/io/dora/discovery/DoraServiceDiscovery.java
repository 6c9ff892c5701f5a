package io.dora.discovery;

import java.util.Set;

/**
 * Resolves a group name to the providers that serve it. Implementations keep their view current by themselves and
 * answer from memory, so resolving never waits on the network.
 */
public interface DoraServiceDiscovery {

	/** The current view of a group; empty (never {@code null}) when the group is unknown. */
	DoraGroupView view(String group);

	/** The groups this discovery can name, for diagnostics. */
	Set<String> knownGroups();

	/**
	 * The view of a group as it is now, for diagnostics (health, actuator): never waits for a first read and never
	 * starts watching a group that is not in use. By default the same as {@link #view(String)}.
	 */
	default DoraGroupView currentView(String group) {
		return view(group);
	}

}
