/**
 * The Netty implementation of the Dora server: its factory, the server, the channel handler that hands frames to
 * the dispatcher, and the reply sink that answers on the connection.
 */
package io.dora.server.netty;
