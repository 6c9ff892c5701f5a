/**
 * Service discovery: groups of providers, their views and load balancing.
 */
package io.dora.discovery;
