package io.dora.test;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Files of the repository the tests check documents against, found from the working directory upwards.
 */
public final class RepositoryFiles {

	private RepositoryFiles() {
	}

	/** The file {@code name} (a path relative to the repository root) in the nearest directory above that has it. */
	public static Path find(String name) {
		Path dir = Path.of("").toAbsolutePath();
		while (dir != null && !Files.exists(dir.resolve(name))) {
			dir = dir.getParent();
		}
		if (dir == null) {
			throw new IllegalStateException(name + " not found above the working directory");
		}
		return dir.resolve(name);
	}

}
