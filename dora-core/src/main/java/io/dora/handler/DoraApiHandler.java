package io.dora.handler;

/**
 * The contract of a class annotated with {@link io.dora.annotation.DoraApi @DoraApi}. The call's {@code param}
 * JSON is bound to {@code P} (a record, POJO, {@code Map}, scalar or generic collection); the return value becomes
 * the result's {@code data}. A returned {@link java.util.concurrent.CompletionStage} completes the call when it
 * completes.
 *
 * @param <P> the parameter type
 * @param <R> the result type
 */
@FunctionalInterface
public interface DoraApiHandler<P, R> {

	/**
	 * Handles one call.
	 * @param param the bound parameter; {@code null} when the call sent none
	 * @param context the exact API name called, the guid and other facts about the call
	 * @return the result data
	 * @throws Exception a {@link io.dora.DoraException} to choose the result code; anything else is reported to the
	 * caller as 100020 without details, and logged here with the guid
	 */
	R handle(P param, DoraCallContext context) throws Exception;

}
