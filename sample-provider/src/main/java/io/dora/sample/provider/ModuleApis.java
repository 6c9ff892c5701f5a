package io.dora.sample.provider;

import java.util.Map;

import io.dora.DoraException;
import io.dora.annotation.DoraApi;
import io.dora.handler.DoraCallContext;

import org.springframework.stereotype.Component;

/**
 * The method-level style: one bean, several API families. The original client example appends a loop counter to
 * the names it calls ({@code "/module_a/abc" . $i}), so each family is a pattern, as the original's single
 * {@code doWork} served every name.
 */
@Component
public class ModuleApis {

	private final ProviderIdentity identity;

	public ModuleApis(ProviderIdentity identity) {
		this.identity = identity;
	}

	/** {@code /module_a/abc0}, {@code /module_a/oakdf7}, ... */
	@DoraApi("/module_a/**")
	public Map<String, Object> moduleA(Map<String, Object> param, DoraCallContext context) {
		return this.identity.answer(context, param);
	}

	/** {@code /module_b/abc3} (fire-and-forget in the example), {@code /module_b/oakdfff3}. */
	@DoraApi("/module_b/**")
	public Map<String, Object> moduleB(Map<String, Object> param, DoraCallContext context) {
		return this.identity.answer(context, param);
	}

	/** {@code /module_c/abd3} (async result), {@code /module_c/dd3} (multi). */
	@DoraApi("/module_c/**")
	public Map<String, Object> moduleC(Map<String, Object> param, DoraCallContext context) {
		return this.identity.answer(context, param);
	}

	/** {@code /module_d/oakdf} and {@code /module_d/oakdf3}: also the HTTP example's names. */
	@DoraApi("/module_d/**")
	public Map<String, Object> moduleD(Map<String, Object> param, DoraCallContext context) {
		return this.identity.answer(context, param);
	}

	@DoraApi("/module_e/**")
	public Map<String, Object> moduleE(Map<String, Object> param, DoraCallContext context) {
		return this.identity.answer(context, param);
	}

	@DoraApi("/module_f/**")
	public Map<String, Object> moduleF(Map<String, Object> param, DoraCallContext context) {
		return this.identity.answer(context, param);
	}

	/** Shows how a handler picks its result code. */
	@DoraApi("/module_x/refuse")
	public Object refuse(Map<String, Object> param) {
		throw new DoraException(4001, "refused on purpose: " + param);
	}

}
