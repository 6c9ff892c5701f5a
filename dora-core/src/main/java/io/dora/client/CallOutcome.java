package io.dora.client;

import java.util.concurrent.CompletableFuture;

import io.dora.client.connection.InboundReply;
import io.dora.protocol.Guid;

/**
 * What an exchange produced: the reply and, for mode 2, the result still to come.
 *
 * @param guid the request's guid
 * @param reply the reply frame
 * @param result mode 2 only: completes with the pushed result frame
 */
record CallOutcome(Guid guid, InboundReply reply, CompletableFuture<InboundReply> result) {

}
