package io.dora.bench.mvc;

import java.lang.management.ManagementFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Prints, once the application is ready, how many classes the JVM has loaded and how many beans the context holds,
 * for the footprint comparison: {@code BENCH-FOOTPRINT classes=<loaded> beans=<singletons> definitions=<n>}. Every
 * application of the comparison registers it, so its own cost is the same in each.
 */
public class StartupFootprint implements ApplicationListener<ApplicationReadyEvent> {

	public static final String MARKER = "BENCH-FOOTPRINT";

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		ConfigurableApplicationContext context = event.getApplicationContext();
		// Includes the few classes of java.lang.management this reading loads, alike in every application.
		long loaded = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
		System.out.println(MARKER + " classes=" + loaded + " beans=" + context.getBeanFactory().getSingletonCount()
				+ " definitions=" + context.getBeanDefinitionCount());
		System.out.flush();
	}

}
