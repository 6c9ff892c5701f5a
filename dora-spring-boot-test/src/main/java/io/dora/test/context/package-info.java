/**
 * Test context support: a Dora server on a free port in {@code @SpringBootTest} tests.
 */
package io.dora.test.context;
