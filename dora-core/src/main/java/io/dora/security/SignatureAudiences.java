package io.dora.security;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

import io.netty.util.NetUtil;

/**
 * The audiences a provider answers to: a signed request is bound to one audience and runs only on a provider that
 * answers to it, so a request captured on its way to one provider is refused by the others that share the key.
 * A provider answers to its groups (and any further names it is configured with), and to the exact IP address and
 * port a request arrived on, which is what a caller that addresses one provider directly signs for.
 */
public final class SignatureAudiences {

	/** Answers to every audience: for test doubles that stand in for every group. */
	public static final SignatureAudiences ANY = new SignatureAudiences(Set.of(), true);

	private final Set<String> names;

	private final boolean any;

	private SignatureAudiences(Set<String> names, boolean any) {
		this.names = names;
		this.any = any;
	}

	/**
	 * @param names the groups and further names the provider answers to
	 */
	public static SignatureAudiences of(Collection<String> names) {
		Set<String> kept = new LinkedHashSet<>();
		for (String name : names) {
			if (name != null && !name.isBlank()) {
				kept.add(name.trim());
			}
		}
		return new SignatureAudiences(Set.copyOf(kept), false);
	}

	/**
	 * Whether a request bound to {@code audience} may run here.
	 * @param audience the audience the caller signed for
	 * @param localAddress the address the request arrived on, or {@code null} when unknown
	 */
	public boolean accepts(String audience, InetSocketAddress localAddress) {
		if (audience == null || audience.isEmpty()) {
			return false;
		}
		return this.any || this.names.contains(audience) || isAddress(audience, localAddress);
	}

	/** What the provider answers to, for messages. */
	public String describe(InetSocketAddress localAddress) {
		if (this.any) {
			return "any audience";
		}
		Set<String> all = new LinkedHashSet<>(this.names);
		if (localAddress != null) {
			all.add(endpoint(localAddress.getAddress(), localAddress.getPort()));
		}
		return String.join(", ", all);
	}

	/** Whether {@code audience} is {@code ip:port} (IPv6 in brackets) of exactly this local address. */
	static boolean isAddress(String audience, InetSocketAddress localAddress) {
		if (localAddress == null || localAddress.getAddress() == null) {
			return false;
		}
		int colon = audience.lastIndexOf(':');
		if (colon <= 0 || !audience.substring(colon + 1).equals(String.valueOf(localAddress.getPort()))) {
			return false;
		}
		String host = audience.substring(0, colon);
		if (host.startsWith("[") && host.endsWith("]")) {
			host = host.substring(1, host.length() - 1);
		}
		// Only literal addresses: a host name would need a DNS lookup on every request.
		InetAddress literal = NetUtil.createInetAddressFromIpAddressString(host);
		return literal != null && literal.equals(localAddress.getAddress());
	}

	/** The audience a caller signs for when it addresses this host and port directly. */
	public static String endpoint(InetAddress address, int port) {
		String host = NetUtil.toAddressString(address);
		return ((host.indexOf(':') >= 0) ? "[" + host + "]" : host) + ":" + port;
	}

}
