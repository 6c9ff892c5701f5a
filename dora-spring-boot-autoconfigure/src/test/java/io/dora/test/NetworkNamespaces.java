package io.dora.test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hosts of their own on this machine: Linux network namespaces, each with one interface ({@code eth0}) and an
 * address of a private /24 chosen for the run, joined by a bridge in a namespace of its own. Nothing is added to the
 * machine's own network: every interface is created inside a namespace of this run, named
 * {@code dora-<pid>-<random>-<role>}. {@link #close()} deletes them, and so does a shutdown hook if the JVM exits
 * first; namespaces of earlier runs whose JVM died without either are deleted when the next run starts.
 * <p>
 * Needs root and {@code ip} (iproute2). When a namespace cannot be created the constructor throws: a test that needs
 * other hosts fails, it is never skipped.
 */
public final class NetworkNamespaces implements AutoCloseable {

	private static final Pattern OUR_NAMESPACE = Pattern.compile("dora-(\\d+)-[0-9a-f]{8}-\\S+");

	private final String prefix = "dora-" + ProcessHandle.current().pid() + "-"
			+ HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());

	/** {@code 10.<200-249>.<0-255>}: a private /24, distinct from one run to the next. */
	private final String network = "10." + (200 + ThreadLocalRandom.current().nextInt(50)) + "."
			+ ThreadLocalRandom.current().nextInt(256);

	private final String hub = this.prefix + "-hub";

	private final List<Host> hosts = new ArrayList<>();

	private final Thread cleanup = new Thread(this::deleteAll, "network-namespaces-cleanup");

	private NetworkNamespaces() {
	}

	/** Creates the bridge namespace the hosts join. */
	public static NetworkNamespaces create() throws IOException {
		deleteLeftoversOfDeadRuns();
		NetworkNamespaces namespaces = new NetworkNamespaces();
		Runtime.getRuntime().addShutdownHook(namespaces.cleanup);
		try {
			ip("netns", "add", namespaces.hub);
			ip("-n", namespaces.hub, "link", "add", "br0", "type", "bridge");
			ip("-n", namespaces.hub, "link", "set", "br0", "up");
		}
		catch (IOException | RuntimeException ex) {
			namespaces.close();
			throw ex;
		}
		return namespaces;
	}

	/**
	 * Adds a host: a namespace whose {@code eth0} has the next address of the run's network and is joined to the
	 * bridge.
	 * @param role a short name, part of the namespace's name
	 */
	public Host addHost(String role) throws IOException {
		int index = this.hosts.size() + 1;
		Host host = new Host(this.prefix + "-" + role, this.network + "." + (10 + index), "p" + index);
		this.hosts.add(host);
		ip("netns", "add", host.namespace);
		ip("-n", host.namespace, "link", "set", "lo", "up");
		ip("-n", host.namespace, "link", "add", "eth0", "type", "veth", "peer", "name", host.port, "netns", this.hub);
		ip("-n", this.hub, "link", "set", host.port, "master", "br0");
		ip("-n", this.hub, "link", "set", host.port, "up");
		ip("-n", host.namespace, "addr", "add", host.address + "/24", "dev", "eth0");
		ip("-n", host.namespace, "link", "set", "eth0", "up");
		return host;
	}

	/** Kills what still runs in the namespaces and deletes them. */
	@Override
	public void close() {
		deleteAll();
		try {
			Runtime.getRuntime().removeShutdownHook(this.cleanup);
		}
		catch (IllegalStateException ex) {
			// The JVM is shutting down: the hook runs anyway.
		}
	}

	private synchronized void deleteAll() {
		for (Host host : this.hosts) {
			delete(host.namespace);
		}
		this.hosts.clear();
		delete(this.hub);
	}

	/** Deletes a namespace of ours after killing the processes still running in it (which this run started). */
	private static void delete(String namespace) {
		try {
			if (!Files.exists(Path.of("/run/netns", namespace))) {
				return;
			}
			for (String pid : run("ip", "netns", "pids", namespace).split("\\s+")) {
				if (!pid.isBlank()) {
					ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
				}
			}
			ip("netns", "delete", namespace);
		}
		catch (IOException | RuntimeException ex) {
			System.err.println("Could not delete network namespace " + namespace + ": " + ex.getMessage());
		}
	}

	/** Namespaces named by this class for a JVM that no longer runs: it was killed before it could delete them. */
	private static void deleteLeftoversOfDeadRuns() {
		try {
			for (String line : run("ip", "netns", "list").split("\n")) {
				Matcher name = OUR_NAMESPACE.matcher(line.trim().split(" ")[0]);
				if (name.matches() && ProcessHandle.of(Long.parseLong(name.group(1))).isEmpty()) {
					delete(name.group());
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// Listing failed: creating ours fails next, with the reason.
		}
	}

	private static void ip(String... arguments) throws IOException {
		List<String> command = new ArrayList<>(List.of("ip"));
		command.addAll(List.of(arguments));
		run(command.toArray(String[]::new));
	}

	private static String run(String... command) throws IOException {
		Process process;
		try {
			process = new ProcessBuilder(command).redirectErrorStream(true).start();
		}
		catch (IOException ex) {
			throw new IOException("Cannot run " + String.join(" ", command) + " (the multi-host tests need root and "
					+ "iproute2's ip; .ci/run installs it): " + ex.getMessage(), ex);
		}
		try {
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IOException(String.join(" ", command) + " failed (the multi-host tests need root): " + output);
			}
			return output;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("Interrupted running " + String.join(" ", command), ex);
		}
	}

	/** A host: a network namespace with one address. */
	public final class Host {

		private final String namespace;

		private final String address;

		/** The other end of its link, in the bridge's namespace. */
		private final String port;

		Host(String namespace, String address, String port) {
			this.namespace = namespace;
			this.address = address;
			this.port = port;
		}

		public String namespace() {
			return this.namespace;
		}

		/** Its IPv4 address. */
		public String address() {
			return this.address;
		}

		/** The command that runs a program on this host: {@code ip netns exec <namespace>}. */
		public List<String> launcher() {
			return List.of("ip", "netns", "exec", this.namespace);
		}

		/**
		 * Takes its link down at the bridge, as a host that froze or lost its network: nothing it sends leaves, nothing
		 * sent to it arrives, and no connection is reset.
		 */
		public void cutLink() throws IOException {
			ip("-n", NetworkNamespaces.this.hub, "link", "set", this.port, "down");
		}

		/** Brings its link back up. */
		public void restoreLink() throws IOException {
			ip("-n", NetworkNamespaces.this.hub, "link", "set", this.port, "up");
		}

		@Override
		public String toString() {
			return this.namespace + " (" + this.address + ")";
		}

	}

}
