package io.dora.observation;

import org.springframework.util.ClassUtils;

/**
 * Puts the call's guid in the logging MDC under {@value #KEY} while a call is handled or made, so every log line
 * of the call carries it. Does nothing without SLF4J.
 */
public final class GuidMdc {

	/** The MDC key. */
	public static final String KEY = "dora.guid";

	private static final boolean SLF4J_PRESENT = ClassUtils.isPresent("org.slf4j.MDC", GuidMdc.class.getClassLoader());

	private GuidMdc() {
	}

	/** Sets the guid; the returned handle restores what was there before. */
	public static Restore put(String guid) {
		if (!SLF4J_PRESENT || guid == null) {
			return Restore.NOTHING;
		}
		String previous = org.slf4j.MDC.get(KEY);
		org.slf4j.MDC.put(KEY, guid);
		return () -> {
			if (previous != null) {
				org.slf4j.MDC.put(KEY, previous);
			}
			else {
				org.slf4j.MDC.remove(KEY);
			}
		};
	}

	/** Restores the MDC entry a {@link #put} replaced. */
	@FunctionalInterface
	public interface Restore extends AutoCloseable {

		Restore NOTHING = () -> {
		};

		@Override
		void close();

	}

}
