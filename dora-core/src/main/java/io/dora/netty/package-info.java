/**
 * Netty plumbing shared by Dora's server and client.
 */
package io.dora.netty;
