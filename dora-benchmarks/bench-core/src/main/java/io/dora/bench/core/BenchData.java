package io.dora.bench.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the payloads: users with realistic field sizes and the 64 KB echo text.
 */
public final class BenchData {

	/** Size of the echo payload in characters (ASCII, so also in bytes). */
	public static final int ECHO_SIZE = 64 * 1024;

	private static final String ECHO_TEXT = buildEchoText();

	private BenchData() {
	}

	public static User user(long id) {
		User user = new User();
		user.setId(id);
		user.setName("Doug Lea " + id);
		user.setSex(1);
		user.setBirthday(631152000000L);
		user.setEmail("dong" + id + "@example.org");
		user.setMobile("18612345678");
		user.setAddress("北京市 中关村 中关村大街1号 鼎好大厦 1605");
		user.setIcon("https://www.example.org/avatar/" + id + ".png");
		List<Integer> permissions = new ArrayList<>(15);
		for (int i = 1; i <= 15; i++) {
			permissions.add(i);
		}
		user.setPermissions(permissions);
		user.setStatus(1);
		user.setCreateTime(1_700_000_000_000L);
		user.setUpdateTime(1_700_000_000_000L);
		return user;
	}

	public static String echoText() {
		return ECHO_TEXT;
	}

	private static String buildEchoText() {
		StringBuilder text = new StringBuilder(ECHO_SIZE);
		while (text.length() < ECHO_SIZE) {
			text.append((char) ('a' + text.length() % 26));
		}
		return text.toString();
	}

}
