package io.dora.bench.core;

/**
 * The line every benchmark server prints once it accepts calls; the runner waits for it before starting a driver.
 */
public final class ServerReady {

	public static final String MARKER = "BENCH-READY";

	private ServerReady() {
	}

	public static void announce(String peer, int port) {
		System.out.println(MARKER + " " + peer + " port=" + port + " pid=" + ProcessHandle.current().pid());
		System.out.flush();
	}

}
