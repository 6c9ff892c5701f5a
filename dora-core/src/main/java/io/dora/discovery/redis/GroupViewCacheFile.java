package io.dora.discovery.redis;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.core.JacksonException;

/**
 * A local copy of the group views a consumer read from Redis, so that a consumer starting while Redis is down can
 * still call the providers it knew. It plays the role of the original Dora's generated config file, but is written
 * atomically (a temporary file moved into place) and only with views that came from Redis.
 */
final class GroupViewCacheFile {

	private static final Log logger = LogFactory.getLog(GroupViewCacheFile.class);

	private final Path path;

	private final InstanceRecordCodec codec;

	GroupViewCacheFile(Path path, InstanceRecordCodec codec) {
		this.path = path;
		this.codec = codec;
	}

	Path path() {
		return this.path;
	}

	/** The saved content, or {@code null} when there is no readable file for this key prefix. */
	Content load(String keyPrefix) {
		if (!Files.isRegularFile(this.path)) {
			return null;
		}
		try {
			Content content = this.codec.mapper().readValue(this.path.toFile(), Content.class);
			if (content.groups() == null || !keyPrefix.equals(content.keyPrefix())) {
				logger.info("Ignoring Dora discovery cache file " + this.path + ": it was written for key prefix '"
						+ content.keyPrefix() + "', not '" + keyPrefix + "'");
				return null;
			}
			return content;
		}
		catch (JacksonException ex) {
			logger.warn("Ignoring unreadable Dora discovery cache file " + this.path + ": " + ex.getOriginalMessage());
			return null;
		}
	}

	void save(String keyPrefix, Map<String, List<InstanceRecord>> groups) {
		Content content = new Content(Instant.now(), keyPrefix, groups);
		try {
			Path directory = this.path.toAbsolutePath().getParent();
			if (directory != null) {
				Files.createDirectories(directory);
			}
			Path temporary = Files.createTempFile((directory != null) ? directory : Path.of("."),
					this.path.getFileName().toString(), ".tmp");
			try {
				this.codec.mapper().writerWithDefaultPrettyPrinter().writeValue(temporary.toFile(), content);
				move(temporary);
			}
			finally {
				Files.deleteIfExists(temporary);
			}
		}
		catch (IOException | JacksonException ex) {
			logger.warn("Could not write Dora discovery cache file " + this.path + ": " + ex.getMessage());
		}
	}

	private void move(Path temporary) throws IOException {
		try {
			Files.move(temporary, this.path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (AtomicMoveNotSupportedException ex) {
			Files.move(temporary, this.path, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	/**
	 * What the file holds.
	 *
	 * @param savedAt when it was written
	 * @param keyPrefix the registry key prefix the views were read under
	 * @param groups the instances of each group
	 */
	record Content(Instant savedAt, String keyPrefix, Map<String, List<InstanceRecord>> groups) {

	}

}
