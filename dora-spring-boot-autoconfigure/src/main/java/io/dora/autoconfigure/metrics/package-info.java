/**
 * Auto-configuration of Dora's Micrometer meters.
 */
package io.dora.autoconfigure.metrics;
