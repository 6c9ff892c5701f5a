package io.dora.bench.dora.provider;

import io.dora.annotation.DoraApi;
import io.dora.bench.core.BenchUserService;
import io.dora.bench.core.Page;
import io.dora.bench.core.User;

import org.springframework.stereotype.Component;

/**
 * The benchmark operations as Dora APIs, one annotated method each, delegating to the shared implementation.
 */
@Component
public class UserApis {

	private final BenchUserService service = new BenchUserService();

	@DoraApi("/user/exist")
	public boolean existUser(String email) {
		return this.service.existUser(email);
	}

	@DoraApi("/user/create")
	public boolean createUser(User user) {
		return this.service.createUser(user);
	}

	@DoraApi("/user/get")
	public User getUser(long id) {
		return this.service.getUser(id);
	}

	@DoraApi("/user/list")
	public Page listUser(int pageNo) {
		return this.service.listUser(pageNo);
	}

	@DoraApi("/echo")
	public String echo(String text) {
		return this.service.echo(text);
	}

	@DoraApi("/user/notify")
	public void notify(User user) {
		this.service.notify(user);
	}

	@DoraApi("/user/notified")
	public long notified() {
		return this.service.notified();
	}

	@DoraApi("/user/get0")
	public User getUser0(long id) {
		return this.service.getUser0(id);
	}

	@DoraApi("/user/get1")
	public User getUser1(long id) {
		return this.service.getUser1(id);
	}

	@DoraApi("/user/get2")
	public User getUser2(long id) {
		return this.service.getUser2(id);
	}

	@DoraApi("/user/get3")
	public User getUser3(long id) {
		return this.service.getUser3(id);
	}

	@DoraApi("/user/get4")
	public User getUser4(long id) {
		return this.service.getUser4(id);
	}

	@DoraApi("/user/get5")
	public User getUser5(long id) {
		return this.service.getUser5(id);
	}

	@DoraApi("/user/get6")
	public User getUser6(long id) {
		return this.service.getUser6(id);
	}

	@DoraApi("/user/get7")
	public User getUser7(long id) {
		return this.service.getUser7(id);
	}

	@DoraApi("/user/get8")
	public User getUser8(long id) {
		return this.service.getUser8(id);
	}

	@DoraApi("/user/get9")
	public User getUser9(long id) {
		return this.service.getUser9(id);
	}

}
