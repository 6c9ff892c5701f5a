package io.dora.test;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.springframework.util.FileSystemUtils;

/**
 * Compiles a Java source at test time the way a build without {@code javac -parameters} does, so that its
 * methods' parameter names are not in the class file (this project's own build compiles with them). The class
 * files are read into memory and the temporary directory removed before the class is returned.
 */
public final class CompiledWithoutParameterNames {

	private CompiledWithoutParameterNames() {
	}

	/**
	 * Compiles {@code source}, which declares the top-level type {@code className}, against the classes that
	 * {@code classpathOf} were loaded from.
	 * @return the loaded class, its parameter names absent
	 */
	public static Class<?> compile(String className, String source, Class<?>... classpathOf) {
		Path dir = null;
		try {
			dir = Files.createTempDirectory("dora-unnamed-");
			Path file = dir.resolve(className.substring(className.lastIndexOf('.') + 1) + ".java");
			Files.writeString(file, source);
			JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
			String classpath = String.join(File.pathSeparator,
					Stream.of(classpathOf).map(CompiledWithoutParameterNames::location).distinct().toList());
			int status = compiler.run(null, null, null, "-proc:none", "-classpath", classpath, "-d",
					dir.toString(), file.toString());
			if (status != 0) {
				throw new IllegalStateException("javac failed with status " + status + " for " + className);
			}
			Map<String, byte[]> classes = new HashMap<>();
			try (Stream<Path> paths = Files.walk(dir)) {
				for (Path path : paths.filter((p) -> p.toString().endsWith(".class")).toList()) {
					String relative = dir.relativize(path).toString();
					classes.put(relative.substring(0, relative.length() - 6).replace(File.separatorChar, '.'),
							Files.readAllBytes(path));
				}
			}
			return new InMemoryClassLoader(classes).loadClass(className);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException(ex);
		}
		finally {
			if (dir != null) {
				try {
					FileSystemUtils.deleteRecursively(dir);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			}
		}
	}

	private static String location(Class<?> type) {
		try {
			return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Defines the compiled classes; everything else comes from the test's class loader. */
	private static final class InMemoryClassLoader extends ClassLoader {

		private final Map<String, byte[]> classes;

		InMemoryClassLoader(Map<String, byte[]> classes) {
			super(CompiledWithoutParameterNames.class.getClassLoader());
			this.classes = classes;
		}

		@Override
		protected Class<?> findClass(String name) throws ClassNotFoundException {
			byte[] bytes = this.classes.get(name);
			if (bytes == null) {
				throw new ClassNotFoundException(name);
			}
			return defineClass(name, bytes, 0, bytes.length);
		}

	}


}
