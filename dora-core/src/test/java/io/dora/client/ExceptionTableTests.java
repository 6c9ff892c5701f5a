package io.dora.client;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.net.ssl.SSLHandshakeException;

import io.dora.DoraException;
import io.dora.client.connection.ConnectionClosedException;
import io.dora.client.connection.NotSentException;
import io.dora.client.connection.ReplyTimeoutException;
import io.dora.client.connection.TooManyPendingCallsException;
import io.dora.discovery.DoraEndpoint;
import io.dora.protocol.DoraCodes;
import io.dora.protocol.DoraProtocolException;
import io.dora.test.RepositoryFiles;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AssignableTypeFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's table of the exceptions a caller can see matches the code: it names every public
 * {@link DoraException} of the client API, and each failure of a connection reaches the caller as the type and
 * code the table gives.
 */
class ExceptionTableTests {

	private static final Pattern ROW = Pattern.compile("^\\| `(\\w+)` \\| ([^|]*) \\|", Pattern.MULTILINE);

	private static final Pattern CODE = Pattern.compile("1000\\d\\d|100100");

	private static final DoraEndpoint ENDPOINT = DoraEndpoint.parse("10.0.0.1:9501");

	private final Map<String, Set<Integer>> table = readTable();

	@Test
	void tableNamesEveryExceptionOfTheClientApi() {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false) {
			@Override
			protected boolean isCandidateComponent(AnnotatedBeanDefinition definition) {
				return true;
			}
		};
		scanner.addIncludeFilter(new AssignableTypeFilter(DoraException.class));
		Set<String> api = scanner.findCandidateComponents("io.dora.client")
			.stream()
			.map(BeanDefinition::getBeanClassName)
			.filter((name) -> name.lastIndexOf('.') == "io.dora.client".length())
			.map(ExceptionTableTests::load)
			.filter((type) -> Modifier.isPublic(type.getModifiers()))
			.map(Class::getSimpleName)
			.collect(Collectors.toCollection(TreeSet::new));
		api.add(DoraException.class.getSimpleName());
		assertThat(this.table.keySet()).containsExactlyInAnyOrderElementsOf(api);
	}

	@Test
	void connectionFailuresReachTheCallerAsTheTableSays() {
		assertDocumented(new NotSentException(ENDPOINT, new SSLHandshakeException("Received fatal alert: bad_certificate")),
				DoraClientException.class, DoraCodes.NO_PROVIDER);
		assertDocumented(new ConnectionClosedException(ENDPOINT, true), DoraClientException.class,
				DoraCodes.CONNECTION_CLOSED);
		assertDocumented(new TooManyPendingCallsException(ENDPOINT, 1), DoraClientException.class,
				DoraCodes.TOO_MANY_PENDING);
		assertDocumented(new ReplyTimeoutException("no reply"), DoraTimeoutException.class, DoraCodes.TIMEOUT);
		assertDocumented(new DoraProtocolException(DoraCodes.UNKNOWN_MODE, "unknown mode 3"), DoraClientException.class,
				DoraCodes.UNKNOWN_MODE);
		assertDocumented(new IllegalStateException("anything else"), DoraClientException.class, DoraCodes.NO_PROVIDER);
		assertThat(this.table.get(NoProviderException.class.getSimpleName()))
			.containsExactly(new NoProviderException("none").getCode());
	}

	private static Class<?> load(String name) {
		try {
			return Class.forName(name);
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void assertDocumented(Throwable failure, Class<?> type, int code) {
		DoraClientException seen = DoraCaller.asClientException(failure);
		assertThat(seen).isExactlyInstanceOf(type);
		assertThat(seen.getCode()).isEqualTo(code);
		assertThat(this.table.get(type.getSimpleName())).as("codes documented for " + type.getSimpleName())
			.contains(code);
	}

	private static Map<String, Set<Integer>> readTable() {
		String readme;
		try {
			readme = Files.readString(RepositoryFiles.find("README.md"));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		String section = readme.substring(readme.indexOf("<!-- exception-table -->"),
				readme.indexOf("<!-- /exception-table -->"));
		Map<String, Set<Integer>> rows = new LinkedHashMap<>();
		Matcher row = ROW.matcher(section);
		while (row.find()) {
			Set<Integer> codes = new TreeSet<>();
			Matcher code = CODE.matcher(row.group(2));
			while (code.find()) {
				codes.add(Integer.parseInt(code.group()));
			}
			rows.put(row.group(1), codes);
		}
		return rows;
	}

}
