package io.dora.test.stub;

/**
 * Stubs that exist from the start and after every reset: declare a bean of this type for the APIs the application
 * calls while it starts, or that every test of a class needs. Applied in {@code @Order}.
 */
@FunctionalInterface
public interface DoraStubsCustomizer {

	void customize(DoraStubs stubs);

}
