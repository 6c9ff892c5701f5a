/**
 * Micrometer Observation support: what Dora observes on both sides of a call, and how it is named and tagged.
 */
package io.dora.observation;
