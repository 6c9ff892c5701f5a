/**
 * Spring Boot auto-configuration of Dora and its configuration properties. The only package with
 * {@code @AutoConfiguration} classes.
 */
package io.dora.autoconfigure;
