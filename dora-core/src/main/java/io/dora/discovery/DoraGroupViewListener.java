package io.dora.discovery;

/**
 * Told when a discovery replaces the view of a group, for example to close the connections of providers that left.
 */
@FunctionalInterface
public interface DoraGroupViewListener {

	/**
	 * Called on the discovery's own thread; must not block.
	 * @param previous the view before the change
	 * @param current the view now
	 */
	void viewChanged(DoraGroupView previous, DoraGroupView current);

}
