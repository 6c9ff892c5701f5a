package io.dora.handler;

import java.util.Map;
import java.util.function.Supplier;

import io.dora.protocol.ApiCall;
import io.dora.protocol.DoraCodes;
import io.dora.protocol.ResponseEnvelope;
import tools.jackson.databind.JsonNode;

/**
 * The original Dora's control commands, sent as {@code {"api": {"cmd": {"name": "getStat"}}}}:
 * <ul>
 * <li>{@code getStat}: the provider's figures;</li>
 * <li>{@code reloadTask}: answers like {@code getStat} and changes nothing, because a JVM has no task workers to
 * restart; the message says so;</li>
 * <li>anything else: {@link DoraCodes#UNKNOWN_COMMAND}, with nothing else on the connection affected.</li>
 * </ul>
 * Disabled unless enabled by property, because the figures expose internals, and answered only to callers the
 * transport authenticated: a request signed with a key the provider accepts, or a TLS client certificate.
 */
public class DoraControlCommands {

	private final boolean enabled;

	/**
	 * @param enabled whether commands run; when not, every command is answered {@link DoraCodes#COMMAND_DENIED}
	 */
	public DoraControlCommands(boolean enabled) {
		this.enabled = enabled;
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	/**
	 * Runs a command.
	 * @param guid the request's guid
	 * @param api the request's entries; the command is the one under {@code cmd} (or the only one)
	 * @param authenticated whether the caller proved who it is
	 * @param statistics the figures of the dispatcher that runs the command, read only when a command reports them
	 */
	public ResponseEnvelope<?> execute(String guid, Map<String, ApiCall<JsonNode>> api, boolean authenticated,
			Supplier<Map<String, Object>> statistics) {
		if (!this.enabled) {
			return ResponseEnvelope.status(guid, DoraCodes.COMMAND_DENIED,
					"control commands are disabled (dora.server.control.enabled=false)");
		}
		if (!authenticated) {
			return ResponseEnvelope.status(guid, DoraCodes.COMMAND_DENIED,
					"control commands need a signed request (dora.security.keys) or a TLS client certificate");
		}
		ApiCall<JsonNode> command = api.get("cmd");
		if (command == null && api.size() == 1) {
			command = api.values().iterator().next();
		}
		String name = (command != null) ? command.name() : null;
		if ("getStat".equals(name)) {
			return ResponseEnvelope.ok(guid, statistics.get());
		}
		if ("reloadTask".equals(name)) {
			return new ResponseEnvelope<>(guid, DoraCodes.OK,
					"reloadTask has no effect: Dora for Java has no task workers to restart", statistics.get(), null);
		}
		return ResponseEnvelope.status(guid, DoraCodes.UNKNOWN_COMMAND, "unknown cmd: " + name);
	}

}
