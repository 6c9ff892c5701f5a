package io.dora.bench.soak;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

import io.dora.annotation.DoraApi;
import io.dora.bench.core.BenchUserService;
import io.dora.bench.core.Page;
import io.dora.bench.core.User;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;

/**
 * The soak's provider: the benchmark operations over TCP and HTTP, a counted fire-and-forget API, and its own
 * figures (heap after a full GC, threads, open files) for the driver to watch for growth.
 */
@SpringBootApplication
public class SoakProvider {

	/** Printed once the application is ready, for the driver to wait on. */
	static final String READY = "SOAK PROVIDER READY";

	private final BenchUserService service = new BenchUserService();

	private final LongAdder notified = new LongAdder();

	public static void main(String[] args) {
		SpringApplication.run(SoakProvider.class, args);
	}

	@EventListener(ApplicationReadyEvent.class)
	void ready() {
		System.out.println(READY);
	}

	@DoraApi("/soak/user/get")
	User getUser(long id) {
		return this.service.getUser(id);
	}

	@DoraApi("/soak/user/list")
	Page listUser(int pageNo) {
		return this.service.listUser(pageNo);
	}

	@DoraApi("/soak/user/exist")
	boolean existUser(String email) {
		return this.service.existUser(email);
	}

	@DoraApi("/soak/notify")
	void notify(User user) {
		this.notified.increment();
	}

	@DoraApi("/soak/notified")
	long notified() {
		return this.notified.sum();
	}

	@DoraApi("/soak/figures")
	ProcessFigures figures() {
		return ProcessFigures.now();
	}

	/**
	 * What a process looks like after a full garbage collection.
	 *
	 * @param heapAfterGc heap in use after a full GC, in bytes
	 * @param threads live threads
	 * @param openFiles open file descriptors (sockets included); -1 where /proc is not available
	 */
	record ProcessFigures(long heapAfterGc, int threads, long openFiles) {

		static ProcessFigures now() {
			System.gc();
			long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
			int threads = ManagementFactory.getThreadMXBean().getThreadCount();
			long files;
			try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
				files = descriptors.count();
			}
			catch (IOException ex) {
				files = -1;
			}
			return new ProcessFigures(heap, threads, files);
		}

	}

}
