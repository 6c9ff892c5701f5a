/**
 * Who may call: request signing and its verification for TCP frames and HTTP requests (HMAC keys, clock skew,
 * replay protection), and what TLS proved about a connection's peer.
 */
package io.dora.security;
