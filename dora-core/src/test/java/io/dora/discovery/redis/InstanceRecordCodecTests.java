package io.dora.discovery.redis;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The JSON of instance records, as other versions of Dora may write it.
 */
class InstanceRecordCodecTests {

	private final InstanceRecordCodec codec = new InstanceRecordCodec();

	@Test
	void unknownFieldsAreIgnoredAndMissingOnesDefault() {
		InstanceRecord record = this.codec
			.read("{\"id\":\"p1\",\"host\":\"10.0.0.5\",\"port\":9567,\"zone\":\"later-version-field\"}");
		assertThat(record.endpoint().toString()).isEqualTo("10.0.0.5:9567");
		assertThat(record.weight()).isEqualTo(1);
		assertThat(record.draining()).isFalse();
		assertThat(record.groups()).isEmpty();
		assertThat(record.metadata()).isEmpty();
		assertThat(record.toInstance().id()).isEqualTo("p1");
	}

	@Test
	void recordsWithoutAnAddressAreRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.codec.read("{\"id\":\"p1\",\"port\":9567}"));
		assertThatIllegalArgumentException().isThrownBy(() -> this.codec.read("[1,2]"));
		assertThatIllegalArgumentException().isThrownBy(() -> this.codec.read("not json"));
	}

}
