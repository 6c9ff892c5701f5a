package io.dora.actuate.endpoint;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.dora.actuate.ClientGroups;
import io.dora.actuate.GroupDescriptor;
import io.dora.actuate.GroupDescriptor.ProviderDescriptor;
import io.dora.client.AsyncResultStore;
import io.dora.client.DoraApiPolicies;
import io.dora.client.connection.DoraClientStats;
import io.dora.client.connection.DoraConnectionManager;
import io.dora.discovery.DoraLoadBalancer;
import io.dora.discovery.GroupLoadBalancer;
import io.dora.discovery.LoadBalancingStrategy;
import io.dora.discovery.redis.InstanceRecord;
import io.dora.discovery.redis.RedisRegistration;
import io.dora.handler.DoraApiMethod;
import io.dora.handler.DoraDispatcher;
import io.dora.server.DoraServer;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.ResolvableType;

/**
 * The {@code dora} endpoint: what this application serves (APIs, the server's {@code getStat} figures, its
 * registration) and how it calls others (default and per-API timeouts and retries, every group in use with its
 * providers as this application sees them, draining and ejected ones included). Groups come from the same view
 * calls use, so the endpoint also plays the part of the original Dora's Monitor, which wrote that view to a file.
 * Each part is present when the application has it.
 */
@Endpoint(id = "dora")
public class DoraActuatorEndpoint {

	private static final List<ChronoUnit> UNITS = List.of(ChronoUnit.DAYS, ChronoUnit.HOURS, ChronoUnit.MINUTES,
			ChronoUnit.SECONDS, ChronoUnit.MILLIS, ChronoUnit.MICROS);

	private final DoraServer server;

	private final DoraDispatcher dispatcher;

	private final RedisRegistration registration;

	private final Client client;

	private final Show showClassNames;

	private final Set<String> roles;

	/**
	 * An endpoint that never shows class names.
	 * @param server the TCP server, or {@code null}
	 * @param dispatcher the dispatcher that runs the server's calls; not {@code null} when {@code server} is not
	 * @param registration the Redis registration, or {@code null}
	 * @param client what the client uses and knows, or {@code null}
	 */
	public DoraActuatorEndpoint(DoraServer server, DoraDispatcher dispatcher, RedisRegistration registration,
			Client client) {
		this(server, dispatcher, registration, client, Show.NEVER, Set.of());
	}

	/**
	 * @param server the TCP server, or {@code null}
	 * @param dispatcher the dispatcher that runs the server's calls; not {@code null} when {@code server} is not
	 * @param registration the Redis registration, or {@code null}
	 * @param client what the client uses and knows, or {@code null}
	 * @param showClassNames when to show the classes behind APIs and load balancers
	 * @param roles the roles that may see them when {@code showClassNames} is {@link Show#WHEN_AUTHORIZED}
	 */
	public DoraActuatorEndpoint(DoraServer server, DoraDispatcher dispatcher, RedisRegistration registration,
			Client client, Show showClassNames, Set<String> roles) {
		this.server = server;
		this.dispatcher = dispatcher;
		this.registration = registration;
		this.client = client;
		this.showClassNames = showClassNames;
		this.roles = Set.copyOf(roles);
	}

	/**
	 * What the application serves and calls. Class names (of handlers, parameter types and load balancers) are
	 * shown only as {@code management.endpoint.dora.show-class-names} allows: they tell an attacker which code and
	 * which libraries run.
	 */
	@ReadOperation
	public DoraDescriptor dora(SecurityContext securityContext) {
		boolean classNames = this.showClassNames.isShown(securityContext, this.roles);
		return new DoraDescriptor((this.server != null) ? server(this.server, this.dispatcher, classNames) : null,
				(this.registration != null) ? registration(this.registration) : null,
				(this.client != null) ? client(this.client, classNames) : null);
	}

	private static ServerDescriptor server(DoraServer server, DoraDispatcher dispatcher, boolean classNames) {
		List<ApiDescriptor> apis = dispatcher.registry()
			.handlers()
			.stream()
			.map((method) -> api(method, classNames))
			.toList();
		InetSocketAddress address = server.address();
		return new ServerDescriptor(server.isRunning(), dispatcher.isAccepting(),
				(address != null) ? address.getPort() : null, server.isTls() ? "tls" : "tcp",
				server.requiresSignedRequests(), apis, dispatcher.statistics());
	}

	private static ApiDescriptor api(DoraApiMethod method, boolean classNames) {
		if (!classNames) {
			return new ApiDescriptor(method.path(), method.beanName(), method.method().getName(), null);
		}
		return new ApiDescriptor(method.path(), method.beanName(),
				method.beanType().getName() + "." + method.method().getName(), param(method));
	}

	/** The param's type; for a handler binding by name, its members and their types: {@code {id: long, ...}}. */
	private static String param(DoraApiMethod method) {
		if (!method.namedParameters().isEmpty()) {
			return method.namedParameters()
				.stream()
				.map((parameter) -> parameter.name() + ": " + parameter.type())
				.collect(Collectors.joining(", ", "{", "}"));
		}
		ResolvableType param = method.paramType();
		return (param != null) ? param.toString() : null;
	}

	private static RegistrationDescriptor registration(RedisRegistration registration) {
		InstanceRecord record = registration.record();
		if (record == null) {
			return new RegistrationDescriptor(List.of(), null, null, false, false, registration.failedAttempts(),
					registration.lastFailure());
		}
		return new RegistrationDescriptor(record.groups(), record.endpoint().toString(), record.id(),
				registration.isRegistered(), record.draining(), registration.failedAttempts(),
				registration.lastFailure());
	}

	private static ClientDescriptor client(Client client, boolean classNames) {
		DoraApiPolicies policies = client.policies();
		CallPolicy defaults = new CallPolicy(print(policies.defaultTimeout()), policies.defaultRetries());
		Map<String, CallPolicy> apis = new LinkedHashMap<>();
		for (DoraApiPolicies.Policy policy : policies.all()) {
			apis.put(policy.pattern().getPatternString(),
					new CallPolicy(print(policies.timeout(policy)), policies.retries(policy)));
		}
		ClientGroups clientGroups = client.groups();
		Map<String, GroupView> groups = new LinkedHashMap<>();
		for (String group : clientGroups.inUse()) {
			GroupDescriptor view = clientGroups.describe(group);
			groups.put(group, new GroupView(client.loadBalancerName(group, classNames), view.source(),
					view.registryFailure(), view.providers()));
		}
		DoraConnectionManager connections = clientGroups.connections();
		Map<String, Object> figures = new LinkedHashMap<>();
		figures.put("connections", connections.openConnections());
		figures.put("async_outstanding", client.asyncResults().outstanding());
		figures.put("async_uncollected", client.asyncResults().uncollected());
		figures.putAll(client.stats().snapshot());
		return new ClientDescriptor(clientGroups.defaultGroup(), print(connections.settings().connectTimeout()),
				defaults, apis, groups, clientGroups.health().snapshot(), figures);
	}

	/** As it would be written in a property: in the largest unit that shows it exactly. */
	static String print(Duration duration) {
		for (ChronoUnit unit : UNITS) {
			if (duration.toNanos() % unit.getDuration().toNanos() == 0) {
				return DurationStyle.SIMPLE.print(duration, unit);
			}
		}
		return DurationStyle.SIMPLE.print(duration, ChronoUnit.NANOS);
	}

	/**
	 * What the endpoint reads of the application's client.
	 *
	 * @param groups the groups it uses, with its discovery, endpoint health and connections
	 * @param policies its timeouts and retries
	 * @param asyncResults its store of mode-2 results
	 * @param stats its counters of dropped replies and timeouts
	 * @param loadBalancer its load balancer, or {@code null}
	 */
	public record Client(ClientGroups groups, DoraApiPolicies policies, AsyncResultStore asyncResults,
			DoraClientStats stats, DoraLoadBalancer loadBalancer) {

		/** The balancer of a group: its strategy's name, or its class when class names may be shown. */
		String loadBalancerName(String group, boolean classNames) {
			if (this.loadBalancer == null) {
				return null;
			}
			DoraLoadBalancer balancer = (this.loadBalancer instanceof GroupLoadBalancer perGroup)
					? perGroup.balancerFor(group) : this.loadBalancer;
			if (classNames) {
				return balancer.getClass().getName();
			}
			LoadBalancingStrategy strategy = LoadBalancingStrategy.of(balancer);
			return (strategy != null) ? strategy.name().toLowerCase(Locale.ROOT).replace('_', '-') : "custom";
		}

	}

	/**
	 * Everything the endpoint reports.
	 *
	 * @param server the TCP server, or {@code null} when the application serves no APIs
	 * @param registration the registration in Redis, or {@code null} when it does not register
	 * @param client the client's configuration and view, or {@code null} when it has no client
	 */
	public record DoraDescriptor(ServerDescriptor server, RegistrationDescriptor registration,
			ClientDescriptor client) {

	}

	/**
	 * The TCP server and what it serves.
	 *
	 * @param running whether the port is bound
	 * @param accepting whether new calls are accepted (false while shutting down)
	 * @param port the bound port, or {@code null}
	 * @param transport {@code tcp} or {@code tls}
	 * @param signedRequestsOnly whether unsigned requests are refused
	 * @param apis every registered API, exact paths first
	 * @param statistics the {@code getStat} figures
	 */
	public record ServerDescriptor(boolean running, boolean accepting, Integer port, String transport,
			boolean signedRequestsOnly, List<ApiDescriptor> apis, Map<String, Object> statistics) {

	}

	/**
	 * One registered API.
	 *
	 * @param path its path or pattern
	 * @param bean the name of the bean that serves it
	 * @param method the method that serves it, with its class when class names are shown
	 * @param parameter the type the call's {@code param} is bound to, or {@code {name: type, ...}} for a method binding
	 * several parameters by name; {@code null} when it takes none or class names
	 * are not shown
	 */
	public record ApiDescriptor(String path, String bean, String method, String parameter) {

	}

	/**
	 * This provider's registration.
	 *
	 * @param groups the groups it registers in
	 * @param endpoint the address it advertises
	 * @param instanceId its id in the registry
	 * @param registered whether the record has been written at least once
	 * @param draining whether it is marked draining
	 * @param failedAttempts failed writes since the last that succeeded
	 * @param lastFailure why the last write failed, or {@code null}
	 */
	public record RegistrationDescriptor(List<String> groups, String endpoint, String instanceId, boolean registered,
			boolean draining, int failedAttempts, String lastFailure) {

	}

	/**
	 * How this application calls providers.
	 *
	 * @param defaultGroup the template's default group, or {@code null}
	 * @param connectTimeout time to connect to a provider
	 * @param defaults timeout and retries of calls no per-API policy matches
	 * @param apis effective timeout and retries by path or pattern, most specific first; a view's
	 * {@code withTimeout}/{@code withRetries} still wins over them
	 * @param groups every group in use, with its providers
	 * @param failures providers with recent failures, ejected or not, including fixed addresses
	 * @param figures connections, async results and what the client dropped
	 */
	public record ClientDescriptor(String defaultGroup, String connectTimeout, CallPolicy defaults,
			Map<String, CallPolicy> apis, Map<String, GroupView> groups, Map<String, String> failures,
			Map<String, Object> figures) {

	}

	/**
	 * A timeout per attempt and the number of retries.
	 *
	 * @param timeout the timeout
	 * @param retries the retries
	 */
	public record CallPolicy(String timeout, int retries) {

	}

	/**
	 * A group as this application sees it.
	 *
	 * @param loadBalancer how a provider is chosen: the strategy ({@code random}, {@code round-robin},
	 * {@code least-in-flight}, or {@code custom}), or the balancer's class when class names are shown
	 * @param source where the view comes from and how fresh it is
	 * @param registryFailure why the last read from Redis failed, or {@code null}
	 * @param providers the known providers and their state
	 */
	public record GroupView(String loadBalancer, String source, String registryFailure,
			List<ProviderDescriptor> providers) {

	}

}
