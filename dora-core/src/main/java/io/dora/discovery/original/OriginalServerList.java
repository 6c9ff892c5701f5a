package io.dora.discovery.original;

import java.util.ArrayList;
import java.util.List;

import io.dora.discovery.DoraEndpoint;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The original's Redis records: the set {@code dora.serverlist} holds one JSON member per provider,
 * {@code {"node":{"ip":"10.0.0.5","port":9567},"group":["group1"]}}, and {@code dora.servertime.<ip>.<port>.time}
 * holds the Unix time of its last report; the original Monitor drops a node whose time is more than 20 seconds
 * old. Members are read as hostile input: oversized or malformed ones are skipped.
 */
public final class OriginalServerList {

	/** The set of provider records. */
	public static final String SERVER_LIST_KEY = "dora.serverlist";

	/** How old a report may be before the original Monitor ignores the node. */
	public static final long MAX_AGE_SECONDS = 20;

	/** Longest member read; an original record is well under 1 KiB. */
	static final int MAX_MEMBER_LENGTH = 4096;

	private final JsonMapper mapper;

	public OriginalServerList(JsonMapper mapper) {
		this.mapper = mapper;
	}

	/** The key holding the time of a provider's last report. */
	public static String timeKey(DoraEndpoint endpoint) {
		return "dora.servertime." + endpoint.host() + "." + endpoint.port() + ".time";
	}

	/** A provider's member of {@link #SERVER_LIST_KEY}, as the original's {@code json_encode} writes it. */
	public String member(DoraEndpoint endpoint, List<String> groups) {
		ObjectNode record = this.mapper.createObjectNode();
		ObjectNode node = record.putObject("node");
		node.put("ip", endpoint.host());
		node.put("port", endpoint.port());
		groups.forEach(record.putArray("group")::add);
		return this.mapper.writeValueAsString(record);
	}

	/**
	 * A member read back, or {@code null} when it is not a provider record.
	 */
	public Node parse(String member) {
		if (member == null || member.length() > MAX_MEMBER_LENGTH) {
			return null;
		}
		try {
			JsonNode record = this.mapper.readTree(member);
			JsonNode node = record.path("node");
			JsonNode port = node.path("port");
			int portNumber = port.isIntegralNumber() ? port.asInt()
					: (port.isString() && port.asString().matches("[0-9]{1,5}")) ? Integer.parseInt(port.asString()) : -1;
			JsonNode groups = record.path("group");
			if (!node.path("ip").isString() || !groups.isArray()) {
				return null;
			}
			List<String> names = new ArrayList<>();
			for (JsonNode group : groups) {
				if (group.isString()) {
					names.add(group.asString());
				}
			}
			return new Node(new DoraEndpoint(node.path("ip").asString(), portNumber), names);
		}
		catch (JacksonException | IllegalArgumentException ex) {
			return null;
		}
	}

	/**
	 * One provider as the original's records describe it.
	 *
	 * @param endpoint its TCP address
	 * @param groups the groups it serves
	 */
	public record Node(DoraEndpoint endpoint, List<String> groups) {
	}

}
