/**
 * Auto-configuration of Dora's Actuator health contributor.
 */
package io.dora.autoconfigure.health;
