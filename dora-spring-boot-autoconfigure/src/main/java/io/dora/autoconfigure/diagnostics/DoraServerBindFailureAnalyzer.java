package io.dora.autoconfigure.diagnostics;

import java.net.InetSocketAddress;

import io.dora.server.DoraServerException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a Dora server that could not bind its address: most often its port is already in use.
 */
class DoraServerBindFailureAnalyzer extends AbstractFailureAnalyzer<DoraServerException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, DoraServerException cause) {
		InetSocketAddress address = cause.getAddress();
		int port = address.getPort();
		if (isPortInUse(cause)) {
			return new FailureAnalysis("Dora server failed to start. Port " + port + " was already in use.",
					"Identify and stop the process that's listening on port " + port + " or configure this "
							+ "application's Dora server to listen on another port with dora.server.port "
							+ "(0 picks a free one).",
					cause);
		}
		return new FailureAnalysis(
				"Dora server failed to start. It could not bind " + address.getHostString() + ":" + port + ": "
						+ cause.getCause().getMessage(),
				"Check dora.server.address: it must be an address of this machine, or be left unset to listen on "
						+ "every interface.",
				cause);
	}

	/**
	 * Whether the operating system refused the port as in use. Both the JDK's {@link java.net.BindException} and
	 * Netty's native transports carry the system's text; a bind exception alone may mean another problem, such as
	 * an address that is not this machine's.
	 */
	private static boolean isPortInUse(Throwable failure) {
		for (Throwable candidate = failure; candidate != null; candidate = candidate.getCause()) {
			if (String.valueOf(candidate.getMessage()).contains("Address already in use")) {
				return true;
			}
		}
		return false;
	}

}
