package io.dora.autoconfigure;

import io.dora.annotation.DoraApi;
import io.dora.handler.DoraApiHandler;
import io.dora.handler.DoraCallContext;

/** Found by component scanning through {@code @DoraApi}'s {@code @Component} meta-annotation. */
@DoraApi("/scanned")
class ScannedHandler implements DoraApiHandler<Object, String> {

	@Override
	public String handle(Object param, DoraCallContext context) {
		return "scanned";
	}

}
