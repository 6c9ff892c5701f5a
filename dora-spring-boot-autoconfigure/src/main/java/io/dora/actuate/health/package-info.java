/**
 * Health indicators of Dora's TCP server, its Redis registration and the provider groups a consumer uses.
 */
package io.dora.actuate.health;
