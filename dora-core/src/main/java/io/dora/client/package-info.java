/**
 * The client side: {@link io.dora.client.DoraOperations} and {@link io.dora.client.DoraTemplate}, multiplexed
 * connections, pending calls, retries and async results.
 */
package io.dora.client;
