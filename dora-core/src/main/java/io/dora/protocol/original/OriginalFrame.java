package io.dora.protocol.original;

/**
 * One frame of the original protocol as received: its guid and its body as sent (still compressed, if the
 * connection compresses), the signature already checked.
 *
 * @param guid the 32 guid bytes of the header, as ISO-8859-1 text
 * @param body the body
 */
public record OriginalFrame(String guid, byte[] body) {

}
