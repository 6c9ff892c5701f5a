/**
 * The {@code dora} Actuator endpoint: what this application serves and calls, as it sees it now.
 */
package io.dora.actuate.endpoint;
