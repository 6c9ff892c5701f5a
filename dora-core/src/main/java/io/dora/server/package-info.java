/**
 * Dora's TCP endpoint on Netty and its Spring lifecycle.
 */
package io.dora.server;
