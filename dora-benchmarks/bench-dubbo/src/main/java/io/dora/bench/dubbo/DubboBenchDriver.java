package io.dora.bench.dubbo;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongFunction;

import io.dora.bench.core.BenchClient;
import io.dora.bench.core.BenchData;
import io.dora.bench.core.LoadDriver;
import io.dora.bench.core.Operation;
import io.dora.bench.core.User;
import io.dora.bench.core.UserService;
import org.apache.dubbo.config.ApplicationConfig;
import org.apache.dubbo.config.MethodConfig;
import org.apache.dubbo.config.ReferenceConfig;
import org.apache.dubbo.config.bootstrap.DubboBootstrap;
import org.apache.dubbo.rpc.RpcContext;

/**
 * The Dubbo peer's driver: a reference by direct URL (no registry), no retries and a 3 s timeout like Dora's
 * default. Async and fan-out calls use {@link RpcContext#asyncCall}, Dubbo's consumer-side async; {@code notify} is
 * configured one-way ({@code return=false}), Dubbo's fire-and-forget.
 */
public final class DubboBenchDriver implements BenchClient {

	private final UserService service;

	private final List<LongFunction<User>> getUserN;

	private DubboBenchDriver(String target, String serialization) {
		ApplicationConfig application = new ApplicationConfig("dora-bench-dubbo-consumer");
		application.setQosEnable(false);
		ReferenceConfig<UserService> reference = new ReferenceConfig<>();
		reference.setInterface(UserService.class);
		reference.setUrl("dubbo://" + target + "?serialization=" + serialization + "&prefer.serialization="
				+ serialization + "&client=" + LoopbackTransporter.NAME);
		reference.setCheck(false);
		reference.setTimeout(3000);
		reference.setRetries(0);
		MethodConfig notify = new MethodConfig();
		notify.setName("notify");
		notify.setReturn(false);
		reference.setMethods(List.of(notify));
		DubboBootstrap.getInstance().application(application).reference(reference).start();
		this.service = reference.get();
		UserService s = this.service;
		this.getUserN = List.of(s::getUser0, s::getUser1, s::getUser2, s::getUser3, s::getUser4, s::getUser5,
				s::getUser6, s::getUser7, s::getUser8, s::getUser9);
	}

	public static void main(String[] args) {
		LoadDriver.main(args, (options) -> new DubboBenchDriver(options.require("target"),
				options.get("serialization", "hessian2")));
	}

	private static <T> CompletableFuture<T> async(Callable<T> call) {
		return RpcContext.getContext().asyncCall(call);
	}

	@Override
	public Object call(Operation operation, long sequence) {
		return switch (operation) {
			case EXIST_USER -> this.service.existUser(Operation.email(sequence));
			case CREATE_USER -> this.service.createUser(Operation.newUser());
			case GET_USER -> this.service.getUser(sequence & 1023);
			case LIST_USER -> this.service.listUser((int) (sequence & 63));
			case ECHO -> this.service.echo(BenchData.echoText());
		};
	}

	@Override
	public void fanOut(int apis, long id) {
		CompletableFuture<?>[] calls = new CompletableFuture<?>[apis];
		for (int i = 0; i < apis; i++) {
			LongFunction<User> api = this.getUserN.get(i);
			calls[i] = async(() -> api.apply(id));
		}
		CompletableFuture.allOf(calls).join();
	}

	@Override
	public CompletableFuture<User> getUserAsync(long id) {
		return async(() -> this.service.getUser(id));
	}

	@Override
	public void notifyOneWay(User user) {
		this.service.notify(user);
	}

	@Override
	public long notifiedOnServer() {
		return this.service.notified();
	}

	@Override
	public void close() {
		DubboBootstrap.getInstance().stop();
	}

}
