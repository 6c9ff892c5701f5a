package io.dora.bench.mvc;

import io.dora.bench.core.BenchUserService;
import io.dora.bench.core.Page;
import io.dora.bench.core.User;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The benchmark operations as JSON endpoints, at the same paths as the Dora API names, each taking the JSON param
 * as its body like Dora's HTTP endpoint does.
 */
@RestController
public class UserController {

	private final BenchUserService service = new BenchUserService();

	@PostMapping("/user/create")
	public boolean createUser(@RequestBody User user) {
		return this.service.createUser(user);
	}

	@PostMapping("/user/get")
	public User getUser(@RequestBody long id) {
		return this.service.getUser(id);
	}

	@PostMapping("/user/list")
	public Page listUser(@RequestBody int pageNo) {
		return this.service.listUser(pageNo);
	}

}
