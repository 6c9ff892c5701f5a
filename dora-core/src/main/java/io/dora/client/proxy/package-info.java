/**
 * Declarative clients: {@link io.dora.annotation.DoraClient @DoraClient} interfaces turned into proxies that call
 * through {@link io.dora.client.DoraOperations}, and their registration as beans. Uses only the client API, never
 * its connections.
 */
package io.dora.client.proxy;
