package io.dora.bench.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.dora.bench.core.ResultLine;

/**
 * Checks, while a peer is under load, that every TCP socket of its server and driver is on 127.0.0.1, with
 * {@code ss -tanp}; the listing is kept next to the logs.
 */
final class LoopbackCheck {

	private final Thread thread;

	private final List<String> violations = new ArrayList<>();

	private int sockets;

	private String error;

	private LoopbackCheck(long serverPid, long driverPid, int delaySeconds, Path listing) {
		this.thread = new Thread(() -> check(serverPid, driverPid, delaySeconds, listing), "loopback-check");
		this.thread.setDaemon(true);
	}

	static LoopbackCheck schedule(long serverPid, long driverPid, int delaySeconds, Path listing) {
		LoopbackCheck check = new LoopbackCheck(serverPid, driverPid, delaySeconds, listing);
		check.thread.start();
		return check;
	}

	private void check(long serverPid, long driverPid, int delaySeconds, Path listing) {
		try {
			Thread.sleep(delaySeconds * 1000L);
			Process ss = new ProcessBuilder("ss", "-tanp").redirectErrorStream(true).start();
			List<String> lines = new String(ss.getInputStream().readAllBytes()).lines().toList();
			ss.waitFor();
			List<String> kept = new ArrayList<>();
			for (String line : lines) {
				if (!line.contains("pid=" + serverPid + ",") && !line.contains("pid=" + driverPid + ",")) {
					continue;
				}
				kept.add(line);
				String[] columns = line.trim().split("\\s+");
				if (columns.length < 5) {
					continue;
				}
				this.sockets++;
				boolean listening = columns[0].equals("LISTEN");
				for (String address : listening ? new String[] { columns[3] } : new String[] { columns[3], columns[4] }) {
					boolean loopback = address.startsWith("127.0.0.1:") || address.startsWith("[::ffff:127.0.0.1]:");
					if (!loopback) {
						this.violations.add(line.trim());
						break;
					}
				}
			}
			Files.write(listing, kept);
		}
		catch (IOException ex) {
			this.error = "ss failed: " + ex.getMessage();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	ResultLine result(String peer, int run) {
		try {
			this.thread.join(60_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (!this.violations.isEmpty()) {
			BenchmarkRunner.log(peer + ": sockets off loopback: " + this.violations);
		}
		return new ResultLine().put("peer", peer)
			.put("scenario", "loopback")
			.put("run", run)
			.put("skipped", "check")
			.put("sockets", this.sockets)
			.put("offLoopback", this.violations.size())
			.put("error", this.error);
	}

}
