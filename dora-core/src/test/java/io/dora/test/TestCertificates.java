package io.dora.test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * TLS material made for one test class by the JDK's {@code keytool}, in a directory the test owns (a JUnit
 * {@code @TempDir}): a CA, another CA, and PKCS#12 key stores signed by them. Every store has the password
 * {@value #PASSWORD}; each key store holds its key under the alias {@code key} with its chain up to the CA.
 * <ul>
 * <li>{@code ca.p12}, {@code other-ca.p12}: trust stores holding only the CA's certificate</li>
 * <li>{@code server.p12}: a provider certificate for 127.0.0.1 and localhost, signed by the CA</li>
 * <li>{@code wrong-host.p12}: signed by the CA, but for {@code elsewhere.invalid} only</li>
 * <li>{@code expired.p12}: for 127.0.0.1 and localhost, signed by the CA, expired a week ago</li>
 * <li>{@code client.p12}: a client certificate signed by the CA</li>
 * <li>{@code stranger.p12}: a client certificate signed by the other CA</li>
 * </ul>
 * Nothing outside the JDK is needed, so the tests run wherever Java does.
 */
public final class TestCertificates {

	public static final String PASSWORD = "changeit";

	private final Path directory;

	private TestCertificates(Path directory) {
		this.directory = directory;
	}

	/** Makes every store in the directory, the independent ones in parallel. */
	public static TestCertificates generate(Path directory) {
		TestCertificates certificates = new TestCertificates(directory);
		CompletableFuture<Void> ca = CompletableFuture.runAsync(() -> certificates.authority("ca"));
		CompletableFuture<Void> otherCa = CompletableFuture.runAsync(() -> certificates.authority("other-ca"));
		String local = "ip:127.0.0.1,dns:localhost";
		CompletableFuture.allOf(ca.thenRunAsync(() -> certificates.leaf("server", "ca", local, null)),
				ca.thenRunAsync(() -> certificates.leaf("wrong-host", "ca", "dns:elsewhere.invalid", null)),
				ca.thenRunAsync(() -> certificates.leaf("expired", "ca", local, "-10d")),
				ca.thenRunAsync(() -> certificates.leaf("client", "ca", null, null)),
				otherCa.thenRunAsync(() -> certificates.leaf("stranger", "other-ca", null, null)))
			.join();
		return certificates;
	}

	/** The {@code file:} location of a store, for a Spring Boot SSL bundle. */
	public String location(String name) {
		return this.directory.resolve(name + ".p12").toUri().toString();
	}

	/** Spring Boot properties of a JKS bundle (PKCS#12 stores); {@code keyStore} may be {@code null}. */
	public String[] bundle(String bundleName, String keyStore, String trustStore) {
		String prefix = "spring.ssl.bundle.jks." + bundleName + ".";
		List<String> properties = new ArrayList<>();
		if (keyStore != null) {
			properties.add(prefix + "keystore.location=" + location(keyStore));
			properties.add(prefix + "keystore.type=PKCS12");
			properties.add(prefix + "keystore.password=" + PASSWORD);
			properties.add(prefix + "key.alias=key");
		}
		if (trustStore != null) {
			properties.add(prefix + "truststore.location=" + location(trustStore));
			properties.add(prefix + "truststore.type=PKCS12");
			properties.add(prefix + "truststore.password=" + PASSWORD);
		}
		return properties.toArray(String[]::new);
	}

	private void authority(String name) {
		keytool("-genkeypair", "-alias", "key", "-keyalg", "EC", "-dname", "CN=Dora test " + name, "-ext", "bc:c",
				"-validity", "3650", "-keystore", file(name + "-key.p12"));
		keytool("-exportcert", "-rfc", "-alias", "key", "-keystore", file(name + "-key.p12"), "-file",
				file(name + ".crt"));
		keytool("-importcert", "-noprompt", "-alias", "ca", "-file", file(name + ".crt"), "-keystore",
				file(name + ".p12"));
	}

	/** A key signed by the CA; {@code san} may be null, {@code startDate} is keytool's relative form or null. */
	private void leaf(String name, String ca, String san, String startDate) {
		keytool("-genkeypair", "-alias", "key", "-keyalg", "EC", "-dname", "CN=Dora test " + name, "-keystore",
				file(name + ".p12"));
		keytool("-certreq", "-alias", "key", "-keystore", file(name + ".p12"), "-file", file(name + ".csr"));
		List<String> sign = new ArrayList<>(List.of("-gencert", "-rfc", "-alias", "key", "-keystore",
				file(ca + "-key.p12"), "-infile", file(name + ".csr"), "-outfile", file(name + ".crt")));
		if (san != null) {
			sign.addAll(List.of("-ext", "san=" + san));
		}
		if (startDate != null) {
			sign.addAll(List.of("-startdate", startDate, "-validity", "3"));
		}
		else {
			sign.addAll(List.of("-validity", "3650"));
		}
		keytool(sign.toArray(String[]::new));
		try {
			// The reply carries the whole chain, so the store needs no trusted CA entry to accept it.
			Files.writeString(this.directory.resolve(name + "-chain.crt"),
					Files.readString(this.directory.resolve(name + ".crt"))
							+ Files.readString(this.directory.resolve(ca + ".crt")));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		keytool("-importcert", "-noprompt", "-alias", "key", "-file", file(name + "-chain.crt"), "-keystore",
				file(name + ".p12"));
	}

	private String file(String name) {
		return this.directory.resolve(name).toString();
	}

	private static void keytool(String... arguments) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
		// keytool runs for a fraction of a second: the JIT's higher tiers would only slow it down.
		command.add("-J-XX:TieredStopAtLevel=1");
		command.addAll(List.of(arguments));
		command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD));
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				process.destroyForcibly();
				throw new IllegalStateException("keytool " + String.join(" ", arguments) + " failed: " + output);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
