package io.dora.bench.core;

/**
 * The operations every peer serves. The four user operations are those of the common Java RPC benchmarks;
 * {@code echo} carries 64 KB each way; {@code getUser0..9} are ten distinct APIs of the getUser shape that the
 * fan-out calls; {@code notify} is the fire-and-forget target and {@code notified} counts what it received.
 */
public interface UserService {

	boolean existUser(String email);

	boolean createUser(User user);

	User getUser(long id);

	Page listUser(int pageNo);

	String echo(String text);

	void notify(User user);

	long notified();

	User getUser0(long id);

	User getUser1(long id);

	User getUser2(long id);

	User getUser3(long id);

	User getUser4(long id);

	User getUser5(long id);

	User getUser6(long id);

	User getUser7(long id);

	User getUser8(long id);

	User getUser9(long id);

}
