/**
 * Auto-configuration of the OpenAPI document of the Dora APIs, the API explorer and the springdoc integration.
 */
package io.dora.autoconfigure.openapi;
