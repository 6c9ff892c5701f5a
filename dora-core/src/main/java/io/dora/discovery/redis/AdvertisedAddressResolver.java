package io.dora.discovery.redis;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

import io.dora.discovery.DoraEndpoint;

import org.springframework.util.StringUtils;

/**
 * Chooses the address a provider advertises, in this order: the configured one; the address the server is bound
 * to, if it is a specific one; the first site-local address (10/8, 172.16/12, 192.168/16) of a real network
 * interface, then any other non-loopback address; and only when nothing else exists, loopback. It never advertises
 * a wildcard address such as 0.0.0.0, and it says why it chose what it chose.
 */
public final class AdvertisedAddressResolver {

	/** Interfaces of container bridges and virtual switches, which other hosts cannot usually reach. */
	private static final List<String> VIRTUAL_PREFIXES = List.of("docker", "veth", "br-", "virbr", "vmnet", "cni",
			"flannel", "cali", "weave", "kube", "tun", "tap", "zt", "utun", "awdl", "llw");

	private final Supplier<List<InterfaceAddress>> interfaces;

	/** A resolver that looks at this machine's network interfaces. */
	public AdvertisedAddressResolver() {
		this(AdvertisedAddressResolver::localInterfaces);
	}

	/**
	 * @param interfaces the interface addresses to choose from
	 */
	public AdvertisedAddressResolver(Supplier<List<InterfaceAddress>> interfaces) {
		this.interfaces = interfaces;
	}

	/**
	 * @param configured {@code host} or {@code host:port} from configuration, or {@code null}
	 * @param bound the address the server is bound to
	 * @param preferredNetworks address prefixes to prefer, such as {@code 10.1.}
	 * @return the address to advertise and why
	 */
	public Resolution resolve(String configured, InetSocketAddress bound, List<String> preferredNetworks) {
		int port = bound.getPort();
		if (StringUtils.hasText(configured)) {
			return new Resolution(parseConfigured(configured.trim(), port),
					"configured by dora.registry.advertise-address");
		}
		InetAddress boundAddress = bound.getAddress();
		if (boundAddress != null && !boundAddress.isAnyLocalAddress()) {
			return new Resolution(new DoraEndpoint(boundAddress.getHostAddress(), port),
					"the specific address the server is bound to");
		}
		List<InterfaceAddress> candidates = new ArrayList<>();
		for (InterfaceAddress candidate : this.interfaces.get()) {
			InetAddress address = candidate.address();
			if (!address.isLoopbackAddress() && !address.isLinkLocalAddress() && !address.isAnyLocalAddress()
					&& !address.isMulticastAddress()) {
				candidates.add(candidate);
			}
		}
		if (candidates.isEmpty()) {
			return new Resolution(new DoraEndpoint("127.0.0.1", port),
					"no non-loopback network interface found: only consumers on this host can reach it");
		}
		candidates.sort(Comparator.comparingInt((InterfaceAddress candidate) -> rank(candidate, preferredNetworks))
			.thenComparingInt(InterfaceAddress::interfaceIndex));
		InterfaceAddress chosen = candidates.get(0);
		return new Resolution(new DoraEndpoint(chosen.address().getHostAddress(), port),
				describe(chosen, preferredNetworks) + " of interface " + chosen.interfaceName()
						+ " (set dora.registry.advertise-address to choose another)");
	}

	private static DoraEndpoint parseConfigured(String configured, int port) {
		boolean bracketed = configured.startsWith("[");
		int colons = configured.length() - configured.replace(":", "").length();
		if ((bracketed && configured.contains("]:")) || (!bracketed && colons == 1)) {
			return DoraEndpoint.parse(configured);
		}
		String host = bracketed ? configured.substring(1, configured.length() - 1) : configured;
		return new DoraEndpoint(host, port);
	}

	/** Lower is better: preferred networks, then IPv4 site-local, other IPv4, IPv6; real before virtual. */
	private static int rank(InterfaceAddress candidate, List<String> preferredNetworks) {
		InetAddress address = candidate.address();
		int rank;
		if (isPreferred(address, preferredNetworks)) {
			rank = 0;
		}
		else if (address instanceof Inet4Address && address.isSiteLocalAddress()) {
			rank = 1;
		}
		else if (address instanceof Inet4Address) {
			rank = 2;
		}
		else {
			rank = 3;
		}
		return isVirtual(candidate.interfaceName()) ? rank + 10 : rank;
	}

	private static String describe(InterfaceAddress candidate, List<String> preferredNetworks) {
		InetAddress address = candidate.address();
		if (isPreferred(address, preferredNetworks)) {
			return "the first address in dora.registry.preferred-networks";
		}
		if (address instanceof Inet4Address && address.isSiteLocalAddress()) {
			return "the first site-local address";
		}
		return "the first non-loopback address";
	}

	private static boolean isPreferred(InetAddress address, List<String> preferredNetworks) {
		String text = address.getHostAddress();
		for (String prefix : preferredNetworks) {
			if (StringUtils.hasText(prefix) && text.startsWith(prefix.trim())) {
				return true;
			}
		}
		return false;
	}

	private static boolean isVirtual(String interfaceName) {
		for (String prefix : VIRTUAL_PREFIXES) {
			if (interfaceName.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

	private static List<InterfaceAddress> localInterfaces() {
		List<InterfaceAddress> result = new ArrayList<>();
		try {
			for (NetworkInterface networkInterface : Collections.list(NetworkInterface.getNetworkInterfaces())) {
				if (!networkInterface.isUp()) {
					continue;
				}
				for (InetAddress address : Collections.list(networkInterface.getInetAddresses())) {
					result.add(new InterfaceAddress(networkInterface.getName(), networkInterface.getIndex(), address));
				}
			}
		}
		catch (SocketException ex) {
			// Fall through with what was found: loopback at worst.
		}
		return result;
	}

	/**
	 * An address of a network interface.
	 *
	 * @param interfaceName the interface name, such as {@code eth0}
	 * @param interfaceIndex the interface index; lower ones are preferred on ties
	 * @param address the address
	 */
	public record InterfaceAddress(String interfaceName, int interfaceIndex, InetAddress address) {

	}

	/**
	 * The chosen address.
	 *
	 * @param endpoint the advertised host and port
	 * @param reason why it was chosen, for the log
	 */
	public record Resolution(DoraEndpoint endpoint, String reason) {

	}

}
