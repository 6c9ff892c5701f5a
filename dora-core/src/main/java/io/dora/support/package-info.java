/**
 * Small pieces Dora's packages share and that belong to none of them.
 */
package io.dora.support;
