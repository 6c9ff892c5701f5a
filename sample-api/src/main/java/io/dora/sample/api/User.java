package io.dora.sample.api;

/**
 * A user as the provider returns it.
 *
 * @param id the user's id
 * @param name the user's name
 * @param servedBy the name of the provider that answered
 */
public record User(long id, String name, String servedBy) {

}
