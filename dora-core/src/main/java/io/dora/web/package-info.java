/**
 * Dora's HTTP endpoint on Spring MVC: the original Dora HTTP contract and a single-call path, served by the same
 * dispatcher as TCP.
 */
package io.dora.web;
