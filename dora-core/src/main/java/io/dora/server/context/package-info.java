/**
 * The Dora server in a Spring application context: the lifecycle bootstrap that starts and drains it, the event
 * published once it is bound, and {@code local.dora.server.port}.
 */
package io.dora.server.context;
