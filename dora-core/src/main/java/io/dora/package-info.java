/**
 * Dora: a Spring Boot starter for microservice RPC. The types callers and handlers see most.
 */
package io.dora;
