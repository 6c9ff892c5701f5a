package io.dora.bench.dubboboot;

/**
 * The one service the application exports.
 */
public interface GreetingService {

	String greet(String name);

}
