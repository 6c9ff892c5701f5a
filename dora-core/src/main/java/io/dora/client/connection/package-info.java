/**
 * The client's transport: long-lived multiplexed connections to providers, the calls pending on them (matched by
 * guid, each with its timeout), and replies read once into their code and bytes. Knows nothing of the API above it.
 */
package io.dora.client.connection;
