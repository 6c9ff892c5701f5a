/**
 * Discovery in the original PHP Dora RPC's Redis keys ({@code dora.serverlist} and
 * {@code dora.servertime.<ip>.<port>.time}): announcing a provider's original-protocol port so the original Monitor
 * lists it, and finding original PHP providers for groups that speak the original protocol.
 */
package io.dora.discovery.original;
