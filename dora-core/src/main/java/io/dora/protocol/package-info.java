/**
 * The Dora wire protocol: frame model, codec, envelopes and result codes. No Spring types; {@code PROTOCOL.md}
 * is its normative description.
 */
package io.dora.protocol;
