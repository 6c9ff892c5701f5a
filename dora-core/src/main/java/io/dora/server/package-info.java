/**
 * Dora's TCP server as the rest of the code sees it: {@link io.dora.server.DoraServer}, the factory that creates
 * one paused, and the customizers applied to it. The Netty implementation is in {@code server.netty}, the Spring
 * lifecycle in {@code server.context}.
 */
package io.dora.server;
