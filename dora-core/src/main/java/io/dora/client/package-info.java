/**
 * The client API: {@link io.dora.client.DoraOperations} and {@link io.dora.client.DoraTemplate}, results and
 * exceptions, and what stands behind the template: provider selection, retries and the async result store. The
 * connections are in {@code client.connection}.
 */
package io.dora.client;
