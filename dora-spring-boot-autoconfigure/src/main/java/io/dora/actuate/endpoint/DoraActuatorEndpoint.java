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

import io.dora.actuate.GroupDescriptor;
import io.dora.actuate.GroupDescriptor.ProviderDescriptor;
import io.dora.client.DoraApiPolicies;
import io.dora.client.DoraClient;
import io.dora.client.DoraClientSettings;
import io.dora.discovery.DoraLoadBalancer;
import io.dora.discovery.GroupLoadBalancer;
import io.dora.discovery.LoadBalancingStrategy;
import io.dora.discovery.redis.InstanceRecord;
import io.dora.discovery.redis.RedisRegistration;
import io.dora.handler.DoraApiMethod;
import io.dora.handler.DoraDispatcher;
import io.dora.server.NettyDoraServer;

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

	private final NettyDoraServer server;

	private final RedisRegistration registration;

	private final DoraClient client;

	private final DoraLoadBalancer loadBalancer;

	private final String defaultGroup;

	private final Show showClassNames;

	private final Set<String> roles;

	/**
	 * An endpoint that never shows class names.
	 * @param server the TCP server, or {@code null}
	 * @param registration the Redis registration, or {@code null}
	 * @param client the client behind the template, or {@code null}
	 * @param loadBalancer the client's load balancer, or {@code null}
	 * @param defaultGroup the template's default group, or {@code null}
	 */
	public DoraActuatorEndpoint(NettyDoraServer server, RedisRegistration registration, DoraClient client,
			DoraLoadBalancer loadBalancer, String defaultGroup) {
		this(server, registration, client, loadBalancer, defaultGroup, Show.NEVER, Set.of());
	}

	/**
	 * @param server the TCP server, or {@code null}
	 * @param registration the Redis registration, or {@code null}
	 * @param client the client behind the template, or {@code null}
	 * @param loadBalancer the client's load balancer, or {@code null}
	 * @param defaultGroup the template's default group, or {@code null}
	 * @param showClassNames when to show the classes behind APIs and load balancers
	 * @param roles the roles that may see them when {@code showClassNames} is {@link Show#WHEN_AUTHORIZED}
	 */
	public DoraActuatorEndpoint(NettyDoraServer server, RedisRegistration registration, DoraClient client,
			DoraLoadBalancer loadBalancer, String defaultGroup, Show showClassNames, Set<String> roles) {
		this.server = server;
		this.registration = registration;
		this.client = client;
		this.loadBalancer = loadBalancer;
		this.defaultGroup = defaultGroup;
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
		return new DoraDescriptor((this.server != null) ? server(this.server, classNames) : null,
				(this.registration != null) ? registration(this.registration) : null,
				(this.client != null) ? client(this.client, classNames) : null);
	}

	private static ServerDescriptor server(NettyDoraServer server, boolean classNames) {
		DoraDispatcher dispatcher = server.dispatcher();
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
		ResolvableType param = method.paramType();
		return new ApiDescriptor(method.path(), method.beanName(),
				method.beanType().getName() + "." + method.method().getName(),
				(param != null) ? param.toString() : null);
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

	private ClientDescriptor client(DoraClient client, boolean classNames) {
		DoraClientSettings settings = client.settings();
		CallPolicy defaults = new CallPolicy(print(settings.timeout()), settings.retries());
		Map<String, CallPolicy> apis = new LinkedHashMap<>();
		for (DoraApiPolicies.Policy policy : client.policies().all()) {
			Duration timeout = (policy.timeout() != null) ? policy.timeout() : settings.timeout();
			int retries = (policy.retries() != null) ? policy.retries() : settings.retries();
			apis.put(policy.pattern().getPatternString(), new CallPolicy(print(timeout), retries));
		}
		Map<String, GroupView> groups = new LinkedHashMap<>();
		for (String group : GroupDescriptor.groupsInUse(client, this.defaultGroup)) {
			GroupDescriptor view = GroupDescriptor.describe(group, client);
			groups.put(group, new GroupView(loadBalancer(group, classNames), view.source(), view.registryFailure(),
					view.providers()));
		}
		Map<String, Object> figures = new LinkedHashMap<>();
		figures.put("connections", client.connections().openConnections());
		figures.put("async_outstanding", client.asyncResults().outstanding());
		figures.put("async_uncollected", client.asyncResults().uncollected());
		figures.putAll(client.stats().snapshot());
		return new ClientDescriptor(this.defaultGroup, print(settings.connectTimeout()), defaults, apis, groups,
				client.health().snapshot(), figures);
	}

	private String loadBalancer(String group, boolean classNames) {
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
	 * @param parameter the type the call's {@code param} is bound to; {@code null} when it takes none or class names
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
