package io.dora.test.stub;

/**
 * Computes a stub's answer from the call.
 */
@FunctionalInterface
public interface DoraStubAnswer {

	/**
	 * @param call the call being answered
	 * @return the result's data
	 * @throws Exception a {@link io.dora.DoraException} to answer with its code, anything else to fail as a
	 * provider's handler would (100020)
	 */
	Object answer(RecordedCall call) throws Exception;

}
