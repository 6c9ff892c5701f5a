package io.dora.bench.dora.provider;

import io.dora.annotation.DoraApi;
import io.dora.bench.core.BenchUserService;
import io.dora.bench.core.Page;
import io.dora.bench.core.User;

import org.springframework.stereotype.Component;

/**
 * The benchmark operations as Dora APIs, one annotated method each, delegating to the shared implementation. They
 * work in memory and never block, so they are declared non-blocking and run on the I/O thread, as gRPC's
 * {@code directExecutor} peer does; the {@code dora-pool} peer runs them on the business executor instead.
 */
@Component
public class UserApis {

	private final BenchUserService service = new BenchUserService();

	@DoraApi(path = "/user/exist", nonBlocking = true)
	public boolean existUser(String email) {
		return this.service.existUser(email);
	}

	@DoraApi(path = "/user/create", nonBlocking = true)
	public boolean createUser(User user) {
		return this.service.createUser(user);
	}

	@DoraApi(path = "/user/get", nonBlocking = true)
	public User getUser(long id) {
		return this.service.getUser(id);
	}

	@DoraApi(path = "/user/list", nonBlocking = true)
	public Page listUser(int pageNo) {
		return this.service.listUser(pageNo);
	}

	@DoraApi(path = "/echo", nonBlocking = true)
	public String echo(String text) {
		return this.service.echo(text);
	}

	@DoraApi(path = "/user/notify", nonBlocking = true)
	public void notify(User user) {
		this.service.notify(user);
	}

	@DoraApi(path = "/user/notified", nonBlocking = true)
	public long notified() {
		return this.service.notified();
	}

	@DoraApi(path = "/user/get0", nonBlocking = true)
	public User getUser0(long id) {
		return this.service.getUser0(id);
	}

	@DoraApi(path = "/user/get1", nonBlocking = true)
	public User getUser1(long id) {
		return this.service.getUser1(id);
	}

	@DoraApi(path = "/user/get2", nonBlocking = true)
	public User getUser2(long id) {
		return this.service.getUser2(id);
	}

	@DoraApi(path = "/user/get3", nonBlocking = true)
	public User getUser3(long id) {
		return this.service.getUser3(id);
	}

	@DoraApi(path = "/user/get4", nonBlocking = true)
	public User getUser4(long id) {
		return this.service.getUser4(id);
	}

	@DoraApi(path = "/user/get5", nonBlocking = true)
	public User getUser5(long id) {
		return this.service.getUser5(id);
	}

	@DoraApi(path = "/user/get6", nonBlocking = true)
	public User getUser6(long id) {
		return this.service.getUser6(id);
	}

	@DoraApi(path = "/user/get7", nonBlocking = true)
	public User getUser7(long id) {
		return this.service.getUser7(id);
	}

	@DoraApi(path = "/user/get8", nonBlocking = true)
	public User getUser8(long id) {
		return this.service.getUser8(id);
	}

	@DoraApi(path = "/user/get9", nonBlocking = true)
	public User getUser9(long id) {
		return this.service.getUser9(id);
	}

}
