package io.dora.bench.dubboboot;

import org.apache.dubbo.config.annotation.DubboService;

/**
 * Exports {@link GreetingService} over the dubbo protocol.
 */
@DubboService
public class DefaultGreetingService implements GreetingService {

	@Override
	public String greet(String name) {
		return "Hello " + name;
	}

}
