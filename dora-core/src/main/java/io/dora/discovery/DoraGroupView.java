package io.dora.discovery;

import java.util.List;

/**
 * The providers of one group as a consumer currently knows them.
 *
 * @param group the group name
 * @param instances the known providers, draining ones included
 * @param source where the view came from, for error messages ("static configuration", "redis", ...)
 */
public record DoraGroupView(String group, List<DoraInstance> instances, String source) {

	public static DoraGroupView empty(String group, String source) {
		return new DoraGroupView(group, List.of(), source);
	}

}
