package io.dora.bench.grpc;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import com.google.common.util.concurrent.ListenableFuture;
import io.dora.bench.core.BenchClient;
import io.dora.bench.core.BenchData;
import io.dora.bench.core.LoadDriver;
import io.dora.bench.core.Operation;
import io.dora.bench.core.User;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;

/**
 * The gRPC peer's driver: one channel shared by every caller thread (gRPC multiplexes calls on one HTTP/2
 * connection), blocking stubs for sync calls, futures for the fan-out and async calls, and async calls whose reply is
 * ignored for fire-and-forget (gRPC has no one-way unary call); those are bounded to {@value #ONE_WAY_WINDOW} in
 * flight so that the sender's memory stays bounded.
 */
public final class GrpcBenchDriver implements BenchClient {

	private static final int ONE_WAY_WINDOW = 1024;

	private final ManagedChannel channel;

	private final Semaphore oneWayWindow = new Semaphore(ONE_WAY_WINDOW);

	private GrpcBenchDriver(String target) {
		String[] hostPort = target.split(":");
		this.channel = NettyChannelBuilder.forAddress(hostPort[0], Integer.parseInt(hostPort[1]))
			.usePlaintext()
			.build();
	}

	public static void main(String[] args) {
		LoadDriver.main(args, (options) -> new GrpcBenchDriver(options.require("target")));
	}

	private static CallOptions options() {
		return CallOptions.DEFAULT.withDeadlineAfter(3, TimeUnit.SECONDS);
	}

	private <Q, R> R blocking(MethodDescriptor<Q, R> method, Q request) {
		return ClientCalls.blockingUnaryCall(this.channel, method, options(), request);
	}

	private <Q, R> CompletableFuture<R> future(MethodDescriptor<Q, R> method, Q request) {
		ListenableFuture<R> listenable = ClientCalls.futureUnaryCall(this.channel.newCall(method, options()), request);
		CompletableFuture<R> future = new CompletableFuture<>();
		listenable.addListener(() -> {
			try {
				future.complete(listenable.get());
			}
			catch (Exception ex) {
				future.completeExceptionally(ex);
			}
		}, Runnable::run);
		return future;
	}

	@Override
	public Object call(Operation operation, long sequence) {
		return switch (operation) {
			case EXIST_USER -> blocking(UserServiceMethods.EXIST_USER, Operation.email(sequence));
			case CREATE_USER -> blocking(UserServiceMethods.CREATE_USER, Operation.newUser());
			case GET_USER -> blocking(UserServiceMethods.GET_USER, sequence & 1023);
			case LIST_USER -> blocking(UserServiceMethods.LIST_USER, (int) (sequence & 63));
			case ECHO -> blocking(UserServiceMethods.ECHO, BenchData.echoText());
		};
	}

	@Override
	public void fanOut(int apis, long id) {
		CompletableFuture<?>[] calls = new CompletableFuture<?>[apis];
		for (int i = 0; i < apis; i++) {
			calls[i] = future(UserServiceMethods.GET_USER_N[i], id);
		}
		CompletableFuture.allOf(calls).join();
	}

	@Override
	public CompletableFuture<User> getUserAsync(long id) {
		return future(UserServiceMethods.GET_USER, id);
	}

	@Override
	public void notifyOneWay(User user) {
		this.oneWayWindow.acquireUninterruptibly();
		ClientCalls.asyncUnaryCall(this.channel.newCall(UserServiceMethods.NOTIFY, options()), user,
				new StreamObserver<Boolean>() {

					@Override
					public void onNext(Boolean value) {
					}

					@Override
					public void onError(Throwable failure) {
						GrpcBenchDriver.this.oneWayWindow.release();
					}

					@Override
					public void onCompleted() {
						GrpcBenchDriver.this.oneWayWindow.release();
					}

				});
	}

	@Override
	public long notifiedOnServer() {
		return blocking(UserServiceMethods.NOTIFIED, Boolean.TRUE);
	}

	@Override
	public void close() throws InterruptedException {
		this.channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
	}

}
