package io.dora.bench.core;

import java.lang.management.ManagementFactory;

/**
 * Bytes allocated so far by the live threads of this JVM (HotSpot's per-thread allocation counters), or -1 where
 * the JVM does not count them.
 */
final class HeapAllocation {

	private HeapAllocation() {
	}

	static long allocatedBytes() {
		if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads)
				|| !threads.isThreadAllocatedMemorySupported() || !threads.isThreadAllocatedMemoryEnabled()) {
			return -1;
		}
		long total = 0;
		for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
			if (bytes > 0) {
				total += bytes;
			}
		}
		return total;
	}

}
