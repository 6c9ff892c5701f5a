/**
 * Auto-configuration of Dora's Actuator endpoint.
 */
package io.dora.autoconfigure.endpoint;
