/**
 * Spring Boot Actuator support: what Dora reports about itself, shared by its health indicators and its
 * {@code dora} endpoint.
 */
package io.dora.actuate;
