package io.dora.client;

import io.dora.discovery.DoraEndpoint;
import io.dora.protocol.Guid;
import io.dora.protocol.MessageType;

/**
 * A reply frame as received, body still undecoded so that decoding can happen on the caller's thread.
 *
 * @param type {@link MessageType#RESPONSE} or {@link MessageType#ASYNC_RESULT}
 * @param guid the guid in the frame header
 * @param flags the frame's flags
 * @param body the body as received (possibly compressed)
 * @param endpoint the provider that sent it
 */
record InboundReply(MessageType type, Guid guid, int flags, byte[] body, DoraEndpoint endpoint) {

}
