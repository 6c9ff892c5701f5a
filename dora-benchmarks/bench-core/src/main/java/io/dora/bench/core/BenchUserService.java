package io.dora.bench.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The one implementation every server runs, so that the business work per call is the same for each peer: a fresh
 * user (or page) is built per call, as the common Java RPC benchmarks do.
 */
public class BenchUserService implements UserService {

	private static final int PAGE_SIZE = 15;

	private final LongAdder notified = new LongAdder();

	@Override
	public boolean existUser(String email) {
		return email != null && !email.isEmpty();
	}

	@Override
	public boolean createUser(User user) {
		return user != null;
	}

	@Override
	public User getUser(long id) {
		return BenchData.user(id);
	}

	@Override
	public Page listUser(int pageNo) {
		List<User> users = new ArrayList<>(PAGE_SIZE);
		for (int i = 0; i < PAGE_SIZE; i++) {
			users.add(BenchData.user((long) pageNo * PAGE_SIZE + i));
		}
		Page page = new Page();
		page.setPageNo(pageNo);
		page.setTotal(1000);
		page.setResult(users);
		return page;
	}

	@Override
	public String echo(String text) {
		return text;
	}

	@Override
	public void notify(User user) {
		this.notified.increment();
	}

	@Override
	public long notified() {
		return this.notified.sum();
	}

	@Override
	public User getUser0(long id) {
		return BenchData.user(id);
	}

	@Override
	public User getUser1(long id) {
		return BenchData.user(id + 1);
	}

	@Override
	public User getUser2(long id) {
		return BenchData.user(id + 2);
	}

	@Override
	public User getUser3(long id) {
		return BenchData.user(id + 3);
	}

	@Override
	public User getUser4(long id) {
		return BenchData.user(id + 4);
	}

	@Override
	public User getUser5(long id) {
		return BenchData.user(id + 5);
	}

	@Override
	public User getUser6(long id) {
		return BenchData.user(id + 6);
	}

	@Override
	public User getUser7(long id) {
		return BenchData.user(id + 7);
	}

	@Override
	public User getUser8(long id) {
		return BenchData.user(id + 8);
	}

	@Override
	public User getUser9(long id) {
		return BenchData.user(id + 9);
	}

}
