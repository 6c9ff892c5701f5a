package io.dora.test.stub;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.dora.DoraException;
import io.dora.discovery.DoraEndpoint;
import io.dora.protocol.DoraCodes;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The stubbed APIs of a test and the calls they received. Stub an API by path or pattern:
 * <pre class="code">
 * stubs.stub("/user/get").willReturn(new User(7, "Ann"));
 * stubs.stub("/user/**").willFail(4004, "no such user");
 * </pre>
 * The stub added last that matches a called name answers; a name no stub matches is answered 100013 (API not
 * found), as by a provider without that handler. Calls are recorded as they arrive, before a fire-and-forget
 * (mode 1) or async (mode 2) call is acknowledged, so they are here as soon as {@code send} or {@code submit}
 * returns. After each test the stubs go back to what the {@link DoraStubsCustomizer} beans define and the recorded
 * calls are cleared.
 */
public class DoraStubs implements DisposableBean {

	private static final Log logger = LogFactory.getLog(DoraStubs.class);

	private final DoraStubServer server;

	private final List<DoraStubsCustomizer> customizers;

	private final List<Stub> stubs = new CopyOnWriteArrayList<>();

	private final List<RecordedCall> calls = new CopyOnWriteArrayList<>();

	private final Set<String> groups = ConcurrentHashMap.newKeySet();

	DoraStubs(DoraStubServer.Factory serverFactory, List<DoraStubsCustomizer> customizers) {
		this.server = serverFactory.start(this);
		this.customizers = List.copyOf(customizers);
		applyCustomizers();
		logger.info("Dora stubs listening on " + this.server.endpoint() + ": every group resolves to them");
	}

	/** Starts stubbing an API: an exact name such as {@code /user/get}, or a pattern such as {@code /user/**}. */
	public StubbedApi stub(String pathOrPattern) {
		return new StubbedApi(this, pathOrPattern);
	}

	/** Every call received since the last reset, in order. */
	public List<RecordedCall> calls() {
		return List.copyOf(this.calls);
	}

	/** The calls received for an exact API name, in order. */
	public List<RecordedCall> calls(String api) {
		return this.calls.stream().filter((call) -> api.equals(call.api())).toList();
	}

	/** The groups the application resolved to the stubs since the last reset. */
	public Set<String> groups() {
		return Set.copyOf(this.groups);
	}

	/** Where the stub server listens. */
	public DoraEndpoint endpoint() {
		return this.server.endpoint();
	}

	/** Forgets the recorded calls and the stubs added by tests; the customizers' stubs are added again. */
	public synchronized void reset() {
		this.calls.clear();
		this.groups.clear();
		this.stubs.clear();
		applyCustomizers();
	}

	@Override
	public void destroy() {
		this.server.stop();
	}

	synchronized DoraStubs add(String path, DoraStubAnswer answer) {
		PathPattern pattern = PathPatternParser.defaultInstance.parse(path);
		this.stubs.removeIf((stub) -> stub.path().equals(path));
		this.stubs.add(0, new Stub(path, pattern, answer));
		return this;
	}

	void record(RecordedCall call) {
		this.calls.add(call);
	}

	void resolved(String group) {
		this.groups.add(group);
	}

	/** The answer to a call, from the stub added last that matches its name. */
	Object answer(RecordedCall call) throws Exception {
		PathContainer name = PathContainer.parsePath(call.api());
		for (Stub stub : this.stubs) {
			if (stub.path().equals(call.api()) || stub.pattern().matches(name)) {
				return stub.answer().answer(call);
			}
		}
		List<String> stubbed = new ArrayList<>();
		this.stubs.forEach((stub) -> stubbed.add(stub.path()));
		throw new DoraException(DoraCodes.API_NOT_FOUND,
				"api not found: " + call.api() + " (no Dora stub matches it; stubbed: " + stubbed + ")");
	}

	private void applyCustomizers() {
		this.customizers.forEach((customizer) -> customizer.customize(this));
	}

	private record Stub(String path, PathPattern pattern, DoraStubAnswer answer) {

	}

}
