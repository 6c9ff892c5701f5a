package io.dora.discovery.redis;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;

import io.dora.discovery.DoraEndpoint;
import io.dora.discovery.redis.AdvertisedAddressResolver.InterfaceAddress;
import io.dora.discovery.redis.AdvertisedAddressResolver.Resolution;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which address a provider advertises, on made-up network interfaces.
 */
class AdvertisedAddressResolverTests {

	private static final InetSocketAddress WILDCARD = new InetSocketAddress(9567);

	private final List<InterfaceAddress> host = List.of(address("lo", 1, "127.0.0.1"), address("lo", 1, "::1"),
			address("docker0", 3, "172.17.0.1"), address("eth0", 2, "fe80::1"), address("eth0", 2, "203.0.113.7"),
			address("eth1", 4, "10.1.2.3"), address("eth2", 5, "192.168.1.9"));

	@Test
	void configuredHostTakesTheBoundPort() {
		Resolution resolution = resolve("dora.example.com", WILDCARD, List.of());
		assertThat(resolution.endpoint()).isEqualTo(new DoraEndpoint("dora.example.com", 9567));
		assertThat(resolution.reason()).contains("dora.registry.advertise-address");
	}

	@Test
	void configuredHostAndPortAreUsedAsGiven() {
		assertThat(resolve("10.9.9.9:19567", WILDCARD, List.of()).endpoint())
			.isEqualTo(new DoraEndpoint("10.9.9.9", 19567));
		assertThat(resolve("[fd00::5]:19567", WILDCARD, List.of()).endpoint())
			.isEqualTo(new DoraEndpoint("fd00::5", 19567));
		assertThat(resolve("fd00::5", WILDCARD, List.of()).endpoint()).isEqualTo(new DoraEndpoint("fd00::5", 9567));
	}

	@Test
	void specificBindAddressIsAdvertised() throws UnknownHostException {
		InetSocketAddress bound = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 4000);
		Resolution resolution = resolve(null, bound, List.of());
		assertThat(resolution.endpoint()).isEqualTo(new DoraEndpoint("127.0.0.1", 4000));
		assertThat(resolution.reason()).contains("bound");
	}

	@Test
	void wildcardBindAdvertisesTheFirstSiteLocalAddressOfARealInterface() {
		Resolution resolution = resolve(null, WILDCARD, List.of());
		assertThat(resolution.endpoint()).isEqualTo(new DoraEndpoint("10.1.2.3", 9567));
		assertThat(resolution.reason()).contains("site-local", "eth1");
	}

	@Test
	void preferredNetworksComeFirst() {
		assertThat(resolve(null, WILDCARD, List.of("192.168.")).endpoint().host()).isEqualTo("192.168.1.9");
	}

	@Test
	void publicAddressBeatsContainerBridge() {
		List<InterfaceAddress> interfaces = List.of(address("docker0", 3, "172.17.0.1"),
				address("eth0", 2, "203.0.113.7"));
		Resolution resolution = new AdvertisedAddressResolver(() -> interfaces).resolve(null, WILDCARD, List.of());
		assertThat(resolution.endpoint().host()).isEqualTo("203.0.113.7");
	}

	@Test
	void onlyLoopbackMeansLoopbackAndSaysSo() {
		List<InterfaceAddress> interfaces = List.of(address("lo", 1, "127.0.0.1"));
		Resolution resolution = new AdvertisedAddressResolver(() -> interfaces).resolve(null, WILDCARD, List.of());
		assertThat(resolution.endpoint()).isEqualTo(new DoraEndpoint("127.0.0.1", 9567));
		assertThat(resolution.reason()).contains("only consumers on this host");
	}

	@Test
	void neverAdvertisesAWildcardAddress() {
		assertThat(new AdvertisedAddressResolver().resolve(null, WILDCARD, List.of()).endpoint().host())
			.isNotIn("0.0.0.0", "0:0:0:0:0:0:0:0", "::");
	}

	private Resolution resolve(String configured, InetSocketAddress bound, List<String> preferred) {
		return new AdvertisedAddressResolver(() -> this.host).resolve(configured, bound, preferred);
	}

	private static InterfaceAddress address(String name, int index, String address) {
		try {
			return new InterfaceAddress(name, index, InetAddress.getByName(address));
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException(ex);
		}
	}

}
