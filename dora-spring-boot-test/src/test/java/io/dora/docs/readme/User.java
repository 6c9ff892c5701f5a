package io.dora.docs.readme;

public record User(long id, String name) {
}
