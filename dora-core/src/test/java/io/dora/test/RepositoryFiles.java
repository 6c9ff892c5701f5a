package io.dora.test;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Files of the repository (README.md, PROTOCOL.md, docs/…) for tests that keep documents and code in step.
 */
public final class RepositoryFiles {

	private RepositoryFiles() {
	}

	/** The file of that name (or relative path) in the nearest directory above the working directory that has it. */
	public static Path find(String name) {
		Path dir = Path.of("").toAbsolutePath();
		while (dir != null && !Files.exists(dir.resolve(name))) {
			dir = dir.getParent();
		}
		if (dir == null) {
			throw new IllegalStateException(name + " is not in any directory above " + Path.of("").toAbsolutePath());
		}
		return dir.resolve(name);
	}

}
