package io.dora.bench.grpc;

import io.dora.bench.core.Page;
import io.dora.bench.core.User;
import io.grpc.MethodDescriptor;

/**
 * The benchmark operations as gRPC unary methods of a service {@value #SERVICE}, with JSON messages, and the
 * client stream that carries fire-and-forget notify calls.
 */
final class UserServiceMethods {

	static final String SERVICE = "bench.UserService";

	static final MethodDescriptor<String, Boolean> EXIST_USER = unary("existUser", String.class, Boolean.class);

	static final MethodDescriptor<User, Boolean> CREATE_USER = unary("createUser", User.class, Boolean.class);

	static final MethodDescriptor<Long, User> GET_USER = unary("getUser", Long.class, User.class);

	static final MethodDescriptor<Integer, Page> LIST_USER = unary("listUser", Integer.class, Page.class);

	static final MethodDescriptor<String, String> ECHO = unary("echo", String.class, String.class);

	static final MethodDescriptor<User, Boolean> NOTIFY = unary("notify", User.class, Boolean.class);

	/** gRPC's fire-and-forget: one client stream of notify calls, answered once when the caller ends it. */
	static final MethodDescriptor<User, Boolean> NOTIFY_STREAM = MethodDescriptor.<User, Boolean>newBuilder()
		.setType(MethodDescriptor.MethodType.CLIENT_STREAMING)
		.setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "notifyStream"))
		.setRequestMarshaller(new JsonMarshaller<>(User.class))
		.setResponseMarshaller(new JsonMarshaller<>(Boolean.class))
		.build();

	static final MethodDescriptor<Boolean, Long> NOTIFIED = unary("notified", Boolean.class, Long.class);

	/** The ten distinct APIs of the getUser shape that the fan-out calls. */
	static final MethodDescriptor<Long, User>[] GET_USER_N = getUserN();

	private UserServiceMethods() {
	}

	@SuppressWarnings("unchecked")
	private static MethodDescriptor<Long, User>[] getUserN() {
		MethodDescriptor<Long, User>[] methods = new MethodDescriptor[10];
		for (int i = 0; i < methods.length; i++) {
			methods[i] = unary("getUser" + i, Long.class, User.class);
		}
		return methods;
	}

	private static <Q, R> MethodDescriptor<Q, R> unary(String name, Class<Q> request, Class<R> response) {
		return MethodDescriptor.<Q, R>newBuilder()
			.setType(MethodDescriptor.MethodType.UNARY)
			.setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
			.setRequestMarshaller(new JsonMarshaller<>(request))
			.setResponseMarshaller(new JsonMarshaller<>(response))
			.build();
	}

}
