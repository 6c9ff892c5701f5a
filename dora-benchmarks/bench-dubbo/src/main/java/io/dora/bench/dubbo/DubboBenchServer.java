package io.dora.bench.dubbo;

import io.dora.bench.core.BenchUserService;
import io.dora.bench.core.DriverOptions;
import io.dora.bench.core.ServerReady;
import io.dora.bench.core.UserService;
import org.apache.dubbo.config.ApplicationConfig;
import org.apache.dubbo.config.ProtocolConfig;
import org.apache.dubbo.config.RegistryConfig;
import org.apache.dubbo.config.ServiceConfig;
import org.apache.dubbo.config.bootstrap.DubboBootstrap;

/**
 * The Dubbo peer's server: {@code dubbo} protocol on 127.0.0.1, no registry, QoS off, with the serialization named
 * by {@code --serialization} (hessian2, Dubbo's default, or fastjson2 for JSON parity). Dubbo's default threading is
 * kept: the {@code all} dispatcher and a fixed pool of 200 threads.
 */
public final class DubboBenchServer {

	private DubboBenchServer() {
	}

	public static void main(String[] args) throws Exception {
		DriverOptions options = new DriverOptions(args);
		int port = Integer.parseInt(options.require("port"));
		String serialization = options.get("serialization", "hessian2");
		ApplicationConfig application = new ApplicationConfig("dora-bench-dubbo-provider");
		application.setQosEnable(false);
		ProtocolConfig protocol = new ProtocolConfig("dubbo", port);
		protocol.setHost("127.0.0.1");
		protocol.setServer(LoopbackTransporter.NAME);
		protocol.setSerialization(serialization);
		protocol.setPreferSerialization(serialization);
		ServiceConfig<UserService> service = new ServiceConfig<>();
		service.setInterface(UserService.class);
		service.setRef(new BenchUserService());
		DubboBootstrap.getInstance()
			.application(application)
			.registry(new RegistryConfig(RegistryConfig.NO_AVAILABLE))
			.protocol(protocol)
			.service(service)
			.start();
		ServerReady.announce("dubbo-" + serialization, port);
		Thread.currentThread().join();
	}

}
