package io.dora.bench.core;

import java.io.Serializable;
import java.util.List;

/**
 * The user bean of the common Java RPC benchmarks, with dates as epoch milliseconds so that every codec (Jackson,
 * hessian2, fastjson2) writes it without extra modules. About 350 bytes as JSON.
 */
public class User implements Serializable {

	private static final long serialVersionUID = 1L;

	private long id;

	private String name;

	private int sex;

	private long birthday;

	private String email;

	private String mobile;

	private String address;

	private String icon;

	private List<Integer> permissions;

	private int status;

	private long createTime;

	private long updateTime;

	public long getId() {
		return this.id;
	}

	public void setId(long id) {
		this.id = id;
	}

	public String getName() {
		return this.name;
	}

	public void setName(String name) {
		this.name = name;
	}

	public int getSex() {
		return this.sex;
	}

	public void setSex(int sex) {
		this.sex = sex;
	}

	public long getBirthday() {
		return this.birthday;
	}

	public void setBirthday(long birthday) {
		this.birthday = birthday;
	}

	public String getEmail() {
		return this.email;
	}

	public void setEmail(String email) {
		this.email = email;
	}

	public String getMobile() {
		return this.mobile;
	}

	public void setMobile(String mobile) {
		this.mobile = mobile;
	}

	public String getAddress() {
		return this.address;
	}

	public void setAddress(String address) {
		this.address = address;
	}

	public String getIcon() {
		return this.icon;
	}

	public void setIcon(String icon) {
		this.icon = icon;
	}

	public List<Integer> getPermissions() {
		return this.permissions;
	}

	public void setPermissions(List<Integer> permissions) {
		this.permissions = permissions;
	}

	public int getStatus() {
		return this.status;
	}

	public void setStatus(int status) {
		this.status = status;
	}

	public long getCreateTime() {
		return this.createTime;
	}

	public void setCreateTime(long createTime) {
		this.createTime = createTime;
	}

	public long getUpdateTime() {
		return this.updateTime;
	}

	public void setUpdateTime(long updateTime) {
		this.updateTime = updateTime;
	}

}
