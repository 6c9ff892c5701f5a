package io.dora.bench.grpc;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
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
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ClientResponseObserver;

/**
 * The gRPC peer's driver: one channel shared by every caller thread (gRPC multiplexes calls on one HTTP/2
 * connection), blocking stubs for sync calls, futures for the fan-out and async calls, and for fire-and-forget
 * (gRPC has no one-way unary call) its fastest idiom: one client stream per caller thread, each notify call one
 * message on it, the sender held while the stream is not ready so that its memory stays bounded.
 */
public final class GrpcBenchDriver implements BenchClient {

	private final ManagedChannel channel;

	private final List<OneWayStream> oneWayStreams = new CopyOnWriteArrayList<>();

	private final ThreadLocal<OneWayStream> oneWayStream = ThreadLocal.withInitial(this::openOneWayStream);

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
		this.oneWayStream.get().send(user);
	}

	private OneWayStream openOneWayStream() {
		OneWayStream stream = new OneWayStream();
		ClientCalls.asyncClientStreamingCall(this.channel.newCall(UserServiceMethods.NOTIFY_STREAM, CallOptions.DEFAULT),
				stream);
		this.oneWayStreams.add(stream);
		return stream;
	}

	@Override
	public long notifiedOnServer() {
		return blocking(UserServiceMethods.NOTIFIED, Boolean.TRUE);
	}

	@Override
	public void close() throws InterruptedException {
		this.oneWayStreams.forEach(OneWayStream::end);
		this.channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
	}

	/** One caller's client stream of notify calls. */
	private static final class OneWayStream implements ClientResponseObserver<User, Boolean> {

		private final Object readiness = new Object();

		private ClientCallStreamObserver<User> requests;

		@Override
		public void beforeStart(ClientCallStreamObserver<User> requests) {
			this.requests = requests;
			requests.setOnReadyHandler(() -> {
				synchronized (this.readiness) {
					this.readiness.notifyAll();
				}
			});
		}

		void send(User user) {
			if (!this.requests.isReady()) {
				synchronized (this.readiness) {
					while (!this.requests.isReady()) {
						try {
							this.readiness.wait();
						}
						catch (InterruptedException ex) {
							Thread.currentThread().interrupt();
							throw new IllegalStateException("interrupted while the stream was not ready", ex);
						}
					}
				}
			}
			this.requests.onNext(user);
		}

		void end() {
			this.requests.onCompleted();
		}

		@Override
		public void onNext(Boolean value) {
		}

		@Override
		public void onError(Throwable failure) {
		}

		@Override
		public void onCompleted() {
		}

	}

}
