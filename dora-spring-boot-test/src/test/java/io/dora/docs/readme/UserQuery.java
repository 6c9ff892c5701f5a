package io.dora.docs.readme;

public record UserQuery(long id) {
}
