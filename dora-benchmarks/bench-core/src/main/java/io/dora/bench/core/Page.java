package io.dora.bench.core;

import java.io.Serializable;
import java.util.List;

/**
 * One page of users, as {@code listUser} returns it: 15 users, about 5.5 KB as JSON.
 */
public class Page implements Serializable {

	private static final long serialVersionUID = 1L;

	private int pageNo;

	private int total;

	private List<User> result;

	public int getPageNo() {
		return this.pageNo;
	}

	public void setPageNo(int pageNo) {
		this.pageNo = pageNo;
	}

	public int getTotal() {
		return this.total;
	}

	public void setTotal(int total) {
		this.total = total;
	}

	public List<User> getResult() {
		return this.result;
	}

	public void setResult(List<User> result) {
		this.result = result;
	}

}
