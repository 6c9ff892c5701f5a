/**
 * Discovery on Redis: the provider's registration (a record per group with a TTL heartbeat), the consumer's cached
 * and refreshed view of each group, and the scripts both run. DISCOVERY.md describes the keys and the behaviour.
 */
package io.dora.discovery.redis;
