package io.dora.sample.api;

/**
 * Which user to read.
 *
 * @param id the user's id
 */
public record UserQuery(long id) {

}
