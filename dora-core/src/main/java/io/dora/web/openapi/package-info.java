/**
 * The OpenAPI 3.1 document of the HTTP endpoint's {@code /call}, generated from the {@code @DoraApi} handlers, and
 * the API explorer page that renders it. Needs {@code io.swagger.core.v3:swagger-core-jakarta} (and the
 * {@code org.webjars:swagger-ui} jar for the explorer) on the classpath.
 */
package io.dora.web.openapi;
