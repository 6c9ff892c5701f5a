package io.dora.discovery;

import java.util.List;

/**
 * Chooses one provider among the candidates of a group for a call.
 */
@FunctionalInterface
public interface DoraLoadBalancer {

	/**
	 * @param group the group being called
	 * @param candidates the eligible providers (never empty)
	 * @return one of the candidates
	 */
	DoraInstance choose(String group, List<DoraInstance> candidates);

}
