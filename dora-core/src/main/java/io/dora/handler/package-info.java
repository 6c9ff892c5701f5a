/**
 * Transport-agnostic server side: the {@code @DoraApi} registry, parameter binding, the dispatcher and its call
 * modes. Both the TCP server and the HTTP endpoint hand requests to {@link io.dora.handler.DoraDispatcher}.
 */
package io.dora.handler;
