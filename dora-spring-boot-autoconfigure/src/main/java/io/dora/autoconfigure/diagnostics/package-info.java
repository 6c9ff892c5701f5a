/**
 * Failure analyzers that explain Dora's start-up failures the way Spring Boot explains its own.
 */
package io.dora.autoconfigure.diagnostics;
