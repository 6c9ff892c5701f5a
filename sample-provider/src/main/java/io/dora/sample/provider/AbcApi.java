package io.dora.sample.provider;

import java.util.Map;

import io.dora.annotation.DoraApi;
import io.dora.handler.DoraApiHandler;
import io.dora.handler.DoraCallContext;

/**
 * The class-level style: one bean, one exact API name. Exact names win over the {@code /module_a/**} pattern of
 * {@link ModuleApis}.
 */
@DoraApi("/module_a/abc")
public class AbcApi implements DoraApiHandler<Map<String, Object>, Map<String, Object>> {

	private final ProviderIdentity identity;

	public AbcApi(ProviderIdentity identity) {
		this.identity = identity;
	}

	@Override
	public Map<String, Object> handle(Map<String, Object> param, DoraCallContext context) {
		return this.identity.answer(context, param);
	}

}
