package io.dora.autoconfigure.endpoint;

import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the {@code dora} Actuator endpoint.
 */
@ConfigurationProperties("management.endpoint.dora")
public class DoraEndpointProperties {

	/**
	 * When to show the classes, methods and parameter types that serve each API and the load balancer's class:
	 * 'never', 'when-authorized' or 'always'. Otherwise the endpoint names beans, methods and strategies only.
	 */
	private Show showClassNames = Show.NEVER;

	/**
	 * Roles that may see class names when show-class-names is 'when-authorized'. Any authenticated user may when
	 * empty.
	 */
	private Set<String> roles = new LinkedHashSet<>();

	public Show getShowClassNames() {
		return this.showClassNames;
	}

	public void setShowClassNames(Show showClassNames) {
		this.showClassNames = showClassNames;
	}

	public Set<String> getRoles() {
		return this.roles;
	}

	public void setRoles(Set<String> roles) {
		this.roles = roles;
	}

}
