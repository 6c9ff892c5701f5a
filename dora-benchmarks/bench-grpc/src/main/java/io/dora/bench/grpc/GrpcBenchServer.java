package io.dora.bench.grpc;

import java.net.InetSocketAddress;
import java.util.function.Function;

import io.dora.bench.core.BenchUserService;
import io.dora.bench.core.DriverOptions;
import io.dora.bench.core.ServerReady;
import io.dora.bench.core.User;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;

/**
 * The gRPC peer's server on 127.0.0.1: {@code --port N}, and {@code --direct true} to run handlers on the transport
 * threads ({@code directExecutor()}, gRPC's advice for short non-blocking handlers) instead of its default executor.
 */
public final class GrpcBenchServer {

	private GrpcBenchServer() {
	}

	public static void main(String[] args) throws Exception {
		DriverOptions options = new DriverOptions(args);
		int port = Integer.parseInt(options.require("port"));
		boolean direct = Boolean.parseBoolean(options.get("direct", "false"));
		BenchUserService service = new BenchUserService();
		ServerServiceDefinition.Builder definition = ServerServiceDefinition.builder(UserServiceMethods.SERVICE);
		add(definition, UserServiceMethods.EXIST_USER, service::existUser);
		add(definition, UserServiceMethods.CREATE_USER, service::createUser);
		add(definition, UserServiceMethods.GET_USER, service::getUser);
		add(definition, UserServiceMethods.LIST_USER, service::listUser);
		add(definition, UserServiceMethods.ECHO, service::echo);
		add(definition, UserServiceMethods.NOTIFY, (user) -> {
			service.notify(user);
			return Boolean.TRUE;
		});
		add(definition, UserServiceMethods.NOTIFIED, (ignored) -> service.notified());
		definition.addMethod(UserServiceMethods.NOTIFY_STREAM,
				ServerCalls.asyncClientStreamingCall((reply) -> new StreamObserver<User>() {

					@Override
					public void onNext(User user) {
						service.notify(user);
					}

					@Override
					public void onError(Throwable failure) {
					}

					@Override
					public void onCompleted() {
						reply.onNext(Boolean.TRUE);
						reply.onCompleted();
					}

				}));
		for (int i = 0; i < UserServiceMethods.GET_USER_N.length; i++) {
			int offset = i;
			add(definition, UserServiceMethods.GET_USER_N[i], (id) -> service.getUser(id + offset));
		}
		NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
			.addService(definition.build());
		if (direct) {
			builder.directExecutor();
		}
		Server server = builder.build().start();
		ServerReady.announce(direct ? "grpc-direct" : "grpc", server.getPort());
		server.awaitTermination();
	}

	private static <Q, R> void add(ServerServiceDefinition.Builder definition, MethodDescriptor<Q, R> method,
			Function<Q, R> handler) {
		definition.addMethod(method, ServerCalls.asyncUnaryCall((request, observer) -> {
			observer.onNext(handler.apply(request));
			observer.onCompleted();
		}));
	}

}
