package io.dora.protocol.original;

/**
 * A frame of the original protocol that could not be accepted, passed up in place of an {@link OriginalFrame}.
 *
 * @param code the code to answer with
 * @param message what was wrong, safe to show to the peer
 * @param guid the frame's guid when its header arrived, else {@link OriginalProtocol#ZERO_GUID}
 * @param fatal whether the stream can no longer be trusted and the connection must close after the answer
 */
public record OriginalFrameError(int code, String message, String guid, boolean fatal) {

}
