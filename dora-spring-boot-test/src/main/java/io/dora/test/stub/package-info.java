/**
 * Stubs for the Dora APIs an application calls: {@link io.dora.test.stub.AutoConfigureDoraStubs} points the
 * application's {@code DoraTemplate} at a stub server in the test, {@link io.dora.test.stub.DoraStubs} says what it
 * answers and records what it was asked.
 */
package io.dora.test.stub;
