/**
 * The provider's listener for the original PHP Dora RPC's TCP protocol: a port of its own, opt-in, serving the same
 * {@code @DoraApi} handlers through the same dispatcher as Dora's own port.
 */
package io.dora.server.original;
