package io.dora.protocol;

/**
 * A frame that could not be accepted, passed up the pipeline in place of a {@link DoraFrame} so that the handler
 * can answer it with its code. When {@link #fatal()} the byte stream can no longer be trusted and the connection
 * is closed after the answer.
 *
 * @param code the documented code, see {@link DoraCodes}
 * @param message what was wrong, safe to show to the peer
 * @param guid the frame's guid when the header could be read, else {@code null}
 * @param type the frame's message type when it is known, else {@code null}
 * @param fatal whether the connection must be closed
 */
public record DoraFrameError(int code, String message, Guid guid, MessageType type, boolean fatal) {

}
