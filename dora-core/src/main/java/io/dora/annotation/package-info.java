/**
 * The {@code @DoraApi} annotation.
 */
package io.dora.annotation;
