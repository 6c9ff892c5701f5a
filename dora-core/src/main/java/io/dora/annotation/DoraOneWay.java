package io.dora.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code void} method of a {@link DoraClient @DoraClient} interface as fire-and-forget (mode 1): the call
 * returns once the provider acknowledged that it accepted the work, and throws if it could not. A {@code void}
 * method without this marker is refused at start-up, so that a reader never mistakes a one-way call for one that
 * waits. A method returning {@code CompletableFuture<DoraAck>} or {@code CompletionStage<DoraAck>} with this marker
 * is pipelined: it returns at once and the future completes on the acknowledgement, within
 * {@code dora.client.pipeline.window}. A provider implementing the interface ignores the marker.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface DoraOneWay {

}
