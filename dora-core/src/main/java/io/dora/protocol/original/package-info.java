/**
 * The original PHP Dora RPC's TCP protocol, for interoperation with PHP clients and providers: its frame
 * ({@code [length][optional CRC-32][32-byte guid][body]}), a PHP {@code serialize()} codec written for hostile
 * input, and the translation between its envelopes and Dora's. No Spring types. {@code docs/migrating-from-php.md}
 * describes the protocol and what Dora does differently.
 */
package io.dora.protocol.original;
